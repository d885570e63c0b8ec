namespace LibvirtPS.Core.Drivers
{
    /// <summary>A storage volume as Get-LibvirtStorageVolume writes it: its info when read, its pool, its connection.</summary>
    public sealed class LibvirtStorageVolume
    {
        public LibvirtStorageVolume(StorageVolumeInfo info, LibvirtConnection connection)
        {
            Name = info.Name;
            Key = info.Key;
            Path = info.Path;
            Type = info.Type;
            Capacity = info.Capacity;
            Allocation = info.Allocation;
            Pool = info.Pool;
            Connection = connection;
        }

        public string Name { get; }
        public string Key { get; }
        public string Path { get; }
        public StorageVolumeType Type { get; }
        /// <summary>Capacity in bytes.</summary>
        public ulong Capacity { get; }
        /// <summary>Bytes allocated on the host.</summary>
        public ulong Allocation { get; }
        /// <summary>The name of the pool holding the volume.</summary>
        public string Pool { get; }
        public LibvirtConnection Connection { get; }

        public override string ToString() => Name;
    }
}
