using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>A storage pool as Get-LibvirtStoragePool writes it: its state when read, and its connection.</summary>
    public sealed class LibvirtStoragePool
    {
        public LibvirtStoragePool(StoragePoolInfo info, LibvirtConnection connection)
        {
            Name = info.Name;
            Uuid = info.Uuid;
            State = info.State;
            Capacity = info.Capacity;
            Allocation = info.Allocation;
            Available = info.Available;
            Persistent = info.Persistent;
            Autostart = info.Autostart;
            Connection = connection;
        }

        public string Name { get; }
        public Guid Uuid { get; }
        public StoragePoolState State { get; }
        /// <summary>Capacity in bytes.</summary>
        public ulong Capacity { get; }
        /// <summary>Bytes allocated to volumes.</summary>
        public ulong Allocation { get; }
        /// <summary>Bytes free for new volumes.</summary>
        public ulong Available { get; }
        public bool Persistent { get; }
        public bool Autostart { get; }
        public LibvirtConnection Connection { get; }

        /// <summary>The pool name under the name volume cmdlets bind by property (-Pool).</summary>
        public string Pool => Name;

        public override string ToString() => Name;
    }
}
