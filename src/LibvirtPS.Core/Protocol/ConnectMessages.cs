using LibvirtPS.Core.Rpc;

// Connection-level calls of the REMOTE program (remote_connect_*): open, identity of the daemon, features, capabilities.
// Procedures with void args and ret (CONNECT_CLOSE, CONNECT_REGISTER_CLOSE_CALLBACK, ...) use VoidMessage.
namespace LibvirtPS.Core.Protocol
{
    /// <summary>CONNECT_OPEN (1) args. <see cref="Flags"/>: RO 1, USER 2, AUTOSTART 4 (remote driver flags).</summary>
    [XdrStruct]
    public sealed partial class ConnectOpenArgs
    {
        [XdrOptional]
        public string? Name { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>CONNECT_GET_TYPE (3) ret: the driver name (<c>QEMU</c>, <c>TEST</c>, ...).</summary>
    [XdrStruct]
    public sealed partial class ConnectGetTypeRet
    {
        public string Type { get; set; } = "";
    }

    /// <summary>CONNECT_GET_VERSION (4) ret: major·1000000 + minor·1000 + micro of the hypervisor.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetVersionRet
    {
        public ulong HvVer { get; set; }
    }

    /// <summary>CONNECT_GET_MAX_VCPUS (5) args.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetMaxVcpusArgs
    {
        [XdrOptional]
        public string? Type { get; set; }
    }

    /// <summary>CONNECT_GET_MAX_VCPUS (5) ret.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetMaxVcpusRet
    {
        public int MaxVcpus { get; set; }
    }

    /// <summary>CONNECT_GET_CAPABILITIES (7) ret: the capabilities XML.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetCapabilitiesRet
    {
        public string Capabilities { get; set; } = "";
    }

    /// <summary>CONNECT_GET_HOSTNAME (59) ret.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetHostnameRet
    {
        public string Hostname { get; set; } = "";
    }

    /// <summary>CONNECT_SUPPORTS_FEATURE (60) args: a <see cref="ConnectFeature"/> number.</summary>
    [XdrStruct]
    public sealed partial class ConnectSupportsFeatureArgs
    {
        public int Feature { get; set; }
    }

    /// <summary>CONNECT_SUPPORTS_FEATURE (60) ret: 1 supported, 0 not.</summary>
    [XdrStruct]
    public sealed partial class ConnectSupportsFeatureRet
    {
        public int Supported { get; set; }
    }

    /// <summary>CONNECT_GET_URI (110) ret.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetUriRet
    {
        public string Uri { get; set; } = "";
    }

    /// <summary>CONNECT_IS_SECURE (149) ret.</summary>
    [XdrStruct]
    public sealed partial class ConnectIsSecureRet
    {
        public int Secure { get; set; }
    }

    /// <summary>CONNECT_GET_LIB_VERSION (157) ret: the daemon's libvirt version (9.0.0 = 9000000).</summary>
    [XdrStruct]
    public sealed partial class ConnectGetLibVersionRet
    {
        public ulong LibVer { get; set; }
    }

    /// <summary>CONNECT_GET_SYSINFO (203) args.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetSysinfoArgs
    {
        public uint Flags { get; set; }
    }

    /// <summary>CONNECT_GET_SYSINFO (203) ret: the sysinfo XML.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetSysinfoRet
    {
        public string Sysinfo { get; set; } = "";
    }

    /// <summary>CONNECT_GET_DOMAIN_CAPABILITIES (342) args.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetDomainCapabilitiesArgs
    {
        [XdrOptional]
        public string? Emulatorbin { get; set; }

        [XdrOptional]
        public string? Arch { get; set; }

        [XdrOptional]
        public string? Machine { get; set; }

        [XdrOptional]
        public string? Virttype { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>CONNECT_GET_DOMAIN_CAPABILITIES (342) ret: the domain capabilities XML.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetDomainCapabilitiesRet
    {
        public string Capabilities { get; set; } = "";
    }

    /// <summary>CONNECT_SET_IDENTITY (419) args (void ret).</summary>
    [XdrStruct]
    public sealed partial class ConnectSetIdentityArgs
    {
        [XdrMax(RemoteLimits.ConnectIdentityParamsMax)]
        public RemoteTypedParameter[] Params { get; set; } = new RemoteTypedParameter[0];

        public uint Flags { get; set; }
    }
}
