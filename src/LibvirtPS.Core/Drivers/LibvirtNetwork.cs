using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>A virtual network as Get-LibvirtNetwork writes it: its state when read, and the connection it came from.</summary>
    public sealed class LibvirtNetwork
    {
        public LibvirtNetwork(NetworkInfo info, LibvirtConnection connection)
        {
            if (info == null) throw new ArgumentNullException(nameof(info));
            Name = info.Name;
            Uuid = info.Uuid;
            Active = info.Active;
            Persistent = info.Persistent;
            Autostart = info.Autostart;
            Bridge = info.Bridge;
            Connection = connection ?? throw new ArgumentNullException(nameof(connection));
        }

        public string Name { get; }
        public Guid Uuid { get; }
        public bool Active { get; }
        public bool Persistent { get; }
        public bool Autostart { get; }

        /// <summary>The bridge device name; null when the network has none.</summary>
        public string? Bridge { get; }

        /// <summary>The host the network lives on (the hypervisor's host name).</summary>
        public string HostName => Connection.HostName;

        public LibvirtConnection Connection { get; }

        /// <summary>The name and uuid every network call sends.</summary>
        public NetworkInfo ToInfo() => new NetworkInfo(Name, Uuid, Active, Persistent, Autostart, Bridge);

        public override string ToString() => Name;
    }
}
