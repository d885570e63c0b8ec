using LibvirtPS.Core.Rpc;

// NETWORK_GET_DHCP_LEASES (341), remote_protocol.x of libvirt 9.0.
namespace LibvirtPS.Core.Protocol
{
    /// <summary><c>remote_network_dhcp_lease</c>.</summary>
    [XdrStruct]
    public sealed partial class RemoteNetworkDhcpLease
    {
        public string Iface { get; set; } = "";

        /// <summary>XDR hyper: seconds since the epoch.</summary>
        public long ExpiryTime { get; set; }

        public int Type { get; set; }

        [XdrOptional]
        public string? Mac { get; set; }

        [XdrOptional]
        public string? Iaid { get; set; }

        public string IpAddr { get; set; } = "";

        public uint Prefix { get; set; }

        [XdrOptional]
        public string? Hostname { get; set; }

        [XdrOptional]
        public string? ClientId { get; set; }
    }

    /// <summary>NETWORK_GET_DHCP_LEASES (341) args: <c>mac</c> null = every lease.</summary>
    [XdrStruct]
    public sealed partial class NetworkGetDhcpLeasesArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();

        [XdrOptional]
        public string? Mac { get; set; }

        public int NeedResults { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>NETWORK_GET_DHCP_LEASES (341) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkGetDhcpLeasesRet
    {
        [XdrMax(NetworkProtocolLimits.DhcpLeasesMax)]
        public RemoteNetworkDhcpLease[] Leases { get; set; } = new RemoteNetworkDhcpLease[0];

        public uint Ret { get; set; }
    }
}
