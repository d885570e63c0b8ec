using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Protocol
{
    /// <summary>The array and buffer bounds of <c>remote_protocol.x</c> used by our declarations (libvirt 9.0 values).</summary>
    public static class RemoteLimits
    {
        /// <summary>REMOTE_STRING_MAX.</summary>
        public const int StringMax = XdrLimits.StringMax;

        /// <summary>REMOTE_DOMAIN_LIST_MAX.</summary>
        public const int DomainListMax = 16384;

        /// <summary>REMOTE_AUTH_TYPE_LIST_MAX.</summary>
        public const int AuthTypeListMax = 20;

        /// <summary>REMOTE_AUTH_SASL_DATA_MAX.</summary>
        public const int AuthSaslDataMax = 65536;

        /// <summary>REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX: typed parameters per record.</summary>
        public const int ConnectGetAllDomainStatsMax = 262144;

        /// <summary>REMOTE_CONNECT_IDENTITY_PARAMS_MAX.</summary>
        public const int ConnectIdentityParamsMax = 20;

        /// <summary>REMOTE_DOMAIN_MESSAGES_MAX.</summary>
        public const int DomainMessagesMax = 2048;

        /// <summary>REMOTE_SECURITY_LABEL_MAX = VIR_SECURITY_LABEL_BUFLEN (4096 + 1).</summary>
        public const int SecurityLabelMax = 4097;

        /// <summary>REMOTE_SECURITY_MODEL_MAX = VIR_SECURITY_MODEL_BUFLEN (256 + 1).</summary>
        public const int SecurityModelMax = 257;

        /// <summary>REMOTE_SECURITY_DOI_MAX = VIR_SECURITY_DOI_BUFLEN (256 + 1).</summary>
        public const int SecurityDoiMax = 257;

        /// <summary>VIR_UUID_BUFLEN: a <c>remote_uuid</c> is <c>opaque[16]</c>.</summary>
        public const int UuidLength = 16;
    }
}
