namespace LibvirtPS.Core.Rpc
{
    /// <summary>libvirt's wire limits (virnetprotocol.x, remote_protocol.x).</summary>
    public static class XdrLimits
    {
        /// <summary>REMOTE_STRING_MAX / VIR_NET_MESSAGE_STRING_MAX: the longest string.</summary>
        public const int StringMax = 4194304;

        /// <summary>VIR_NET_MESSAGE_MAX: header plus payload (the length word not counted).</summary>
        public const int MessageMax = 33554432;

        /// <summary>VIR_NET_MESSAGE_HEADER_MAX: the fixed header after the length word.</summary>
        public const int HeaderSize = 24;

        /// <summary>The length word.</summary>
        public const int LengthSize = 4;
    }
}
