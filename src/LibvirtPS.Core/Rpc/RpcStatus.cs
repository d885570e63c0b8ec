namespace LibvirtPS.Core.Rpc
{
    /// <summary>virNetMessageStatus.</summary>
    public enum RpcStatus
    {
        Ok = 0,
        /// <summary>The payload is a remote_error.</summary>
        Error = 1,
        /// <summary>Streams: more data follows.</summary>
        Continue = 2,
    }
}
