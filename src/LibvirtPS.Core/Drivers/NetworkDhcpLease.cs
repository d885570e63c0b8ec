using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>virIPAddrType of a lease.</summary>
    public enum NetworkIpAddressType
    {
        IPv4 = 0,
        IPv6 = 1,
    }

    /// <summary>One DHCP lease of a network (virNetworkDHCPLease; remote_network_dhcp_lease).</summary>
    public sealed class NetworkDhcpLease
    {
        public NetworkDhcpLease(string network, string iface, long expiryTime, NetworkIpAddressType type, string? mac, string? iaid,
            string ipAddress, uint prefix, string? hostName, string? clientId)
        {
            Network = network;
            Interface = iface;
            ExpiryTime = expiryTime;
            Type = type;
            Mac = mac;
            Iaid = iaid;
            IpAddress = ipAddress;
            Prefix = prefix;
            HostName = hostName;
            ClientId = clientId;
        }

        /// <summary>The network the lease was read from.</summary>
        public string Network { get; }

        /// <summary>The network's interface (bridge) the lease was handed out on.</summary>
        public string Interface { get; }

        /// <summary>Seconds since the Unix epoch when the lease expires (libvirt's expirytime).</summary>
        public long ExpiryTime { get; }

        /// <summary><see cref="ExpiryTime"/> as a UTC time.</summary>
        public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(ExpiryTime);

        public NetworkIpAddressType Type { get; }
        public string? Mac { get; }

        /// <summary>IPv6 identity association id; null for IPv4.</summary>
        public string? Iaid { get; }

        public string IpAddress { get; }
        public uint Prefix { get; }
        public string? HostName { get; }
        public string? ClientId { get; }
    }
}
