using System;
using System.Collections.Generic;
using System.Linq;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>A storage pool of the embedded test driver (libvirt's virStoragePoolObj as the test driver keeps it).</summary>
    public sealed class TestStoragePool
    {
        internal TestStoragePool(string name, Guid uuid, string type, string? targetPath, TestStoragePoolSource? source = null,
            TestStoragePoolSettings? settings = null)
        {
            Name = name;
            Uuid = uuid;
            Type = type;
            TargetPath = targetPath;
            Source = source ?? new TestStoragePoolSource();
            Settings = settings ?? new TestStoragePoolSettings();
        }

        public string Name { get; }
        public Guid Uuid { get; }
        /// <summary>The pool type attribute (dir, fs, logical, ...).</summary>
        public string Type { get; private set; }
        /// <summary>The sanitized target path; null for the network types (rbd, sheepdog, gluster, iscsi-direct).</summary>
        public string? TargetPath { get; private set; }
        internal TestStoragePoolSource Source { get; private set; }
        internal TestStoragePoolSettings Settings { get; private set; }

        /// <summary>
        /// virStoragePoolObjAssignDef on an inactive pool: a definition with the same name and uuid replaces this one
        /// (type, source, target, settings); a running pool keeps its live definition.
        /// </summary>
        internal void AssignDefinition(TestStoragePool definition)
        {
            if (Active) return;
            Type = definition.Type;
            TargetPath = definition.TargetPath;
            Source = definition.Source;
            Settings = definition.Settings;
        }
        public bool Active { get; internal set; }
        public bool Persistent { get; internal set; }
        public bool Autostart { get; internal set; }
        public ulong Capacity { get; internal set; }
        public ulong Allocation { get; internal set; }
        public ulong Available { get; internal set; }

        /// <summary>Volumes in creation order.</summary>
        internal List<TestStorageVolume> Volumes { get; } = new List<TestStorageVolume>();

        internal TestStorageVolume? FindVolume(string name) => Volumes.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));

        internal StoragePoolInfo ToInfo() =>
            new StoragePoolInfo(Name, Uuid, Active ? StoragePoolState.Running : StoragePoolState.Inactive, Capacity, Allocation, Available,
                Persistent, Autostart);
    }

    /// <summary>A volume of a test-driver pool: name, capacity and allocation; key and path are the pool's target path + name.</summary>
    public sealed class TestStorageVolume
    {
        internal TestStorageVolume(string name, string path, ulong capacity, ulong allocation)
        {
            Name = name;
            Path = path;
            Capacity = capacity;
            Allocation = allocation;
        }

        public string Name { get; }
        public string Path { get; }
        public string Key => Path;
        public ulong Capacity { get; internal set; }
        public ulong Allocation { get; internal set; }

        internal StorageVolumeInfo ToInfo(string pool) => new StorageVolumeInfo(pool, Name, Key, Path, StorageVolumeType.File, Capacity, Allocation);
    }
}
