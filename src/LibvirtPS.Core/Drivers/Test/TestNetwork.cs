using System;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// One virtual network of a test node. Owned by a <see cref="TestDriverState"/>: read and change it only while
    /// holding that state's <see cref="TestDriverState.SyncRoot"/>.
    /// </summary>
    public sealed class TestNetwork
    {
        internal TestNetwork(TestNetworkDefinition definition)
        {
            Definition = definition;
        }

        /// <summary>The definition in force (libvirt's def: the live one while active).</summary>
        internal TestNetworkDefinition Definition { get; set; }

        public string Name => Definition.Name;
        public Guid Uuid => Definition.Uuid;
        public bool Active { get; internal set; }
        public bool Persistent { get; internal set; }
        public bool Autostart { get; internal set; }
        public string? Bridge => Definition.BridgeName;

        /// <summary>libvirt's formatting of the definition in force (virNetworkDefFormat).</summary>
        public string Xml => Definition.Format();

        public NetworkInfo ToInfo() => new NetworkInfo(Name, Uuid, Active, Persistent, Autostart, Bridge);
    }
}
