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
}
