using LibvirtPS.Core.Rpc;

// Virtual networks (remote_protocol.x, libvirt 9.0). Procedures without a ret return void (VoidMessage).
namespace LibvirtPS.Core.Protocol
{
    /// <summary>The network bounds of <c>remote_protocol.x</c> (libvirt 9.0 values).</summary>
    public static class NetworkProtocolLimits
    {
        /// <summary>REMOTE_NETWORK_LIST_MAX.</summary>
        public const int NetworkListMax = 16384;

        /// <summary>REMOTE_NETWORK_DHCP_LEASES_MAX.</summary>
        public const int DhcpLeasesMax = 65536;
    }

    /// <summary>CONNECT_LIST_ALL_NETWORKS (283) args.</summary>
    [XdrStruct]
    public sealed partial class ConnectListAllNetworksArgs
    {
        public int NeedResults { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>CONNECT_LIST_ALL_NETWORKS (283) ret: the networks and their count.</summary>
    [XdrStruct]
    public sealed partial class ConnectListAllNetworksRet
    {
        [XdrMax(NetworkProtocolLimits.NetworkListMax)]
        public RemoteNonnullNetwork[] Nets { get; set; } = new RemoteNonnullNetwork[0];

        public uint Ret { get; set; }
    }

    /// <summary>NETWORK_CREATE (39) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkCreateArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_DESTROY (42) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkDestroyArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_UNDEFINE (49) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkUndefineArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_GET_AUTOSTART (44) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkGetAutostartArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_GET_BRIDGE_NAME (45) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkGetBridgeNameArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_IS_ACTIVE (152) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkIsActiveArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_IS_PERSISTENT (153) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkIsPersistentArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_CREATE_XML (40) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkCreateXmlArgs
    {
        public string Xml { get; set; } = "";
    }

    /// <summary>NETWORK_CREATE_XML (40) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkCreateXmlRet
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_DEFINE_XML (41) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkDefineXmlArgs
    {
        public string Xml { get; set; } = "";
    }

    /// <summary>NETWORK_DEFINE_XML (41) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkDefineXmlRet
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_GET_XML_DESC (43) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkGetXmlDescArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();

        public uint Flags { get; set; }
    }

    /// <summary>NETWORK_GET_XML_DESC (43) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkGetXmlDescRet
    {
        public string Xml { get; set; } = "";
    }

    /// <summary>NETWORK_GET_AUTOSTART (44) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkGetAutostartRet
    {
        public int Autostart { get; set; }
    }

    /// <summary>NETWORK_GET_BRIDGE_NAME (45) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkGetBridgeNameRet
    {
        public string Name { get; set; } = "";
    }

    /// <summary>NETWORK_LOOKUP_BY_NAME (46) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkLookupByNameArgs
    {
        public string Name { get; set; } = "";
    }

    /// <summary>NETWORK_LOOKUP_BY_NAME (46) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkLookupByNameRet
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_LOOKUP_BY_UUID (47) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkLookupByUuidArgs
    {
        [XdrFixed(RemoteLimits.UuidLength)]
        public byte[] Uuid { get; set; } = new byte[RemoteLimits.UuidLength];
    }

    /// <summary>NETWORK_LOOKUP_BY_UUID (47) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkLookupByUuidRet
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();
    }

    /// <summary>NETWORK_SET_AUTOSTART (48) args.</summary>
    [XdrStruct]
    public sealed partial class NetworkSetAutostartArgs
    {
        public RemoteNonnullNetwork Net { get; set; } = new RemoteNonnullNetwork();

        public int Autostart { get; set; }
    }

    /// <summary>NETWORK_IS_ACTIVE (152) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkIsActiveRet
    {
        public int Active { get; set; }
    }

    /// <summary>NETWORK_IS_PERSISTENT (153) ret.</summary>
    [XdrStruct]
    public sealed partial class NetworkIsPersistentRet
    {
        public int Persistent { get; set; }
    }
}
