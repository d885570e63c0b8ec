using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// One virtual network as a driver reports it (libvirt's virNetworkPtr plus its state): name and uuid identify
    /// it (every network call sends both, as remote_nonnull_network), the rest is what it was when read.
    /// </summary>
    public sealed class NetworkInfo
    {
        public NetworkInfo(string name, Guid uuid, bool active, bool persistent, bool autostart, string? bridge)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Uuid = uuid;
            Active = active;
            Persistent = persistent;
            Autostart = autostart;
            Bridge = bridge;
        }

        public string Name { get; }
        public Guid Uuid { get; }
        public bool Active { get; }
        public bool Persistent { get; }
        public bool Autostart { get; }

        /// <summary>The bridge device (virNetworkGetBridgeName); null when the network has none.</summary>
        public string? Bridge { get; }

        public override string ToString() => Name;
    }
}
