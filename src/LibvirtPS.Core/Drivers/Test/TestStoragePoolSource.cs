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

        /// <summary>&lt;device path&gt;: may be empty (libvirt keeps an empty attribute as given).</summary>
        internal List<string> Devices { get; } = new List<string>();

        /// <summary>&lt;dir path&gt;, sanitized; gluster defaults it to "/".</summary>
        internal string? Dir { get; set; }

        /// <summary>&lt;name&gt;; the pool name when the type takes a source name and none is given.</summary>
        internal string? Name { get; set; }

        /// <summary>&lt;initiator&gt;&lt;iqn name&gt;.</summary>
        internal string? InitiatorIqn { get; set; }
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
