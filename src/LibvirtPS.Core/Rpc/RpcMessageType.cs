namespace LibvirtPS.Core.Rpc
{
    /// <summary>virNetMessageType: what a packet is.</summary>
    public enum RpcMessageType
    {
        Call = 0,
        Reply = 1,
        /// <summary>Asynchronous: events and keepalive, either direction.</summary>
        Message = 2,
        Stream = 3,
        CallWithFds = 4,
        ReplyWithFds = 5,
        StreamHole = 6,
    }
}
