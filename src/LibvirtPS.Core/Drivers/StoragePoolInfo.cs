using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>A storage pool as a driver reports it (virStoragePoolGetInfo plus persistence and autostart).</summary>
    public sealed class StoragePoolInfo
    {
        public StoragePoolInfo(string name, Guid uuid, StoragePoolState state, ulong capacity, ulong allocation, ulong available,
            bool persistent, bool autostart)
        {
            Name = name;
            Uuid = uuid;
            State = state;
            Capacity = capacity;
            Allocation = allocation;
            Available = available;
            Persistent = persistent;
            Autostart = autostart;
        }

        public string Name { get; }
        public Guid Uuid { get; }
        public StoragePoolState State { get; }
        public ulong Capacity { get; }
        public ulong Allocation { get; }
        public ulong Available { get; }
        public bool Persistent { get; }
        public bool Autostart { get; }
    }
}
