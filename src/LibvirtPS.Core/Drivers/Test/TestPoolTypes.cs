using System;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>virStoragePoolTypeInfo's source flags of libvirt 9.0: what a pool type's source must or may hold.</summary>
    [Flags]
    internal enum TestPoolSourceNeeds
    {
        None = 0,
        Host = 1,
        Device = 2,
        Dir = 4,
        Adapter = 8,
        Name = 16,
        InitiatorIqn = 32,
        /// <summary>A network pool: no local target path.</summary>
        Network = 64,
    }

    internal static class TestPoolTypes
    {
        private static readonly string[] FileSystemFormats =
            { "auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2", "vfat", "hfs+", "xfs", "ocfs2", "vmfs" };

        /// <summary>The netfs formats: libvirt also names other types' format numbers with these (see the protocol check).</summary>
        internal static readonly string[] NetworkFileSystemFormats = { "auto", "nfs", "glusterfs", "cifs" };

        private static readonly string[] DiskFormats = { "unknown", "dos", "dvh", "gpt", "mac", "bsd", "pc98", "sun", "lvm2" };
        private static readonly string[] LogicalFormats = { "unknown", "lvm2" };

        /// <summary>The source format names of a type and the default's index; null for types without a source format.</summary>
        internal static (string[] Names, int Default)? Formats(string type)
        {
            switch (type)
            {
                case "fs": return (FileSystemFormats, 0);
                case "netfs": return (NetworkFileSystemFormats, 0);
                case "disk": return (DiskFormats, 0);
                case "logical": return (LogicalFormats, 1);
                default: return null;
            }
        }

        internal static TestPoolSourceNeeds Needs(string type)
        {
            switch (type)
            {
                case "fs": return TestPoolSourceNeeds.Device;
                case "netfs": return TestPoolSourceNeeds.Host | TestPoolSourceNeeds.Dir;
                case "logical": return TestPoolSourceNeeds.Name | TestPoolSourceNeeds.Device;
                case "disk": return TestPoolSourceNeeds.Device;
                case "iscsi": return TestPoolSourceNeeds.Host | TestPoolSourceNeeds.Device | TestPoolSourceNeeds.InitiatorIqn;
                case "iscsi-direct":
                    return TestPoolSourceNeeds.Host | TestPoolSourceNeeds.Device | TestPoolSourceNeeds.Network | TestPoolSourceNeeds.InitiatorIqn;
                case "scsi": return TestPoolSourceNeeds.Adapter;
                case "rbd": return TestPoolSourceNeeds.Host | TestPoolSourceNeeds.Network | TestPoolSourceNeeds.Name;
                case "sheepdog": return TestPoolSourceNeeds.Host | TestPoolSourceNeeds.Network | TestPoolSourceNeeds.Name;
                case "gluster": return TestPoolSourceNeeds.Host | TestPoolSourceNeeds.Network | TestPoolSourceNeeds.Name | TestPoolSourceNeeds.Dir;
                case "zfs": return TestPoolSourceNeeds.Name | TestPoolSourceNeeds.Device;
                case "vstorage": return TestPoolSourceNeeds.Name;
                default: return TestPoolSourceNeeds.None; // dir, mpath
            }
        }
    }
}
