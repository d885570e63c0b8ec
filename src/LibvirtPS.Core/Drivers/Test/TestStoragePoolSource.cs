using System;
using System.Collections.Generic;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// The &lt;source&gt; of a pool as libvirt 9.0 parses it (virStoragePoolSource): the parts the test driver keeps and
    /// compares when it refuses a second pool on the same storage (hosts, devices, dir, name, initiator IQN).
    /// </summary>
    internal sealed class TestStoragePoolSource
    {
        /// <summary>&lt;host name port&gt;: port 0 when not given.</summary>
        internal List<(string Name, int Port)> Hosts { get; } = new List<(string, int)>();

        /// <summary>&lt;device path part_separator&gt;: the path may be empty (libvirt keeps an empty attribute as given).</summary>
        internal List<(string Path, bool? PartSeparator)> Devices { get; } = new List<(string, bool?)>();

        /// <summary>&lt;dir path&gt;, sanitized; gluster defaults it to "/".</summary>
        internal string? Dir { get; set; }

        /// <summary>&lt;name&gt;; the pool name when the type takes a source name and none is given.</summary>
        internal string? Name { get; set; }

        /// <summary>&lt;adapter&gt; (parsed for every type, required and compared for scsi pools).</summary>
        internal TestStoragePoolAdapter Adapter { get; set; } = new TestStoragePoolAdapter();

        /// <summary>&lt;initiator&gt;&lt;iqn name&gt;.</summary>
        internal string? InitiatorIqn { get; set; }

        /// <summary>&lt;format type&gt; as its index in the type's format names (<see cref="TestPoolTypes.Formats"/>); 0 for types without.</summary>
        internal int Format { get; set; }

        /// <summary>&lt;auth&gt;, for any pool type.</summary>
        internal TestStoragePoolAuth? Auth { get; set; }

        /// <summary>&lt;protocol ver&gt;, &lt;vendor name&gt;, &lt;product name&gt;: kept and printed back.</summary>
        internal string? ProtocolVersion { get; set; }
        internal string? Vendor { get; set; }
        internal string? Product { get; set; }
    }

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
