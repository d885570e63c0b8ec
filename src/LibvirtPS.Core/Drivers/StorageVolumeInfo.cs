namespace LibvirtPS.Core.Drivers
{
    /// <summary>A storage volume as a driver reports it (name, key, path, virStorageVolGetInfo).</summary>
    public sealed class StorageVolumeInfo
    {
        public StorageVolumeInfo(string pool, string name, string key, string path, StorageVolumeType type, ulong capacity, ulong allocation)
        {
            Pool = pool;
            Name = name;
            Key = key;
            Path = path;
            Type = type;
            Capacity = capacity;
            Allocation = allocation;
        }

        /// <summary>The name of the pool holding the volume.</summary>
        public string Pool { get; }
        public string Name { get; }
        /// <summary>The volume's key (unique on the host; the path for file volumes).</summary>
        public string Key { get; }
        public string Path { get; }
        public StorageVolumeType Type { get; }
        public ulong Capacity { get; }
        public ulong Allocation { get; }
    }
}
