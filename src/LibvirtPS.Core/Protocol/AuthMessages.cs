using LibvirtPS.Core.Rpc;

// Authentication calls of the REMOTE program (remote_auth_*): negotiation, SASL steps, polkit.
namespace LibvirtPS.Core.Protocol
{
    /// <summary>AUTH_LIST (66) ret: the auth types the daemon accepts on this socket, in its order of preference.</summary>
    [XdrStruct]
    public sealed partial class AuthListRet
    {
        [XdrMax(RemoteLimits.AuthTypeListMax)]
        public RemoteAuthType[] Types { get; set; } = new RemoteAuthType[0];
    }

    /// <summary>AUTH_SASL_INIT (67) ret: space- or comma-separated mechanism names.</summary>
    [XdrStruct]
    public sealed partial class AuthSaslInitRet
    {
        public string Mechlist { get; set; } = "";
    }

    /// <summary>AUTH_SASL_START (68) args. <see cref="Nil"/> = 1 means "no initial data" (distinct from empty data).</summary>
    [XdrStruct]
    public sealed partial class AuthSaslStartArgs
    {
        public string Mech { get; set; } = "";

        public int Nil { get; set; }

        [XdrCharArray]
        [XdrMax(RemoteLimits.AuthSaslDataMax)]
        public byte[] Data { get; set; } = new byte[0];
    }

    /// <summary>AUTH_SASL_START (68) ret.</summary>
    [XdrStruct]
    public sealed partial class AuthSaslStartRet
    {
        public int Complete { get; set; }

        public int Nil { get; set; }

        [XdrCharArray]
        [XdrMax(RemoteLimits.AuthSaslDataMax)]
        public byte[] Data { get; set; } = new byte[0];
    }

    /// <summary>AUTH_SASL_STEP (69) args.</summary>
    [XdrStruct]
    public sealed partial class AuthSaslStepArgs
    {
        public int Nil { get; set; }

        [XdrCharArray]
        [XdrMax(RemoteLimits.AuthSaslDataMax)]
        public byte[] Data { get; set; } = new byte[0];
    }

    /// <summary>AUTH_SASL_STEP (69) ret.</summary>
    [XdrStruct]
    public sealed partial class AuthSaslStepRet
    {
        public int Complete { get; set; }

        public int Nil { get; set; }

        [XdrCharArray]
        [XdrMax(RemoteLimits.AuthSaslDataMax)]
        public byte[] Data { get; set; } = new byte[0];
    }

    /// <summary>AUTH_POLKIT (70) ret.</summary>
    [XdrStruct]
    public sealed partial class AuthPolkitRet
    {
        public int Complete { get; set; }
    }
}
