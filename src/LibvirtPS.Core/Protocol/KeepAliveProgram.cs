namespace LibvirtPS.Core.Protocol
{
    /// <summary>
    /// The KEEPALIVE program (<c>virkeepaliveprotocol.x</c>): PING and PONG are MESSAGE packets with serial 0, status OK
    /// and an empty payload (28 bytes in all).
    /// </summary>
    public static class KeepAliveProgram
    {
        /// <summary>KEEPALIVE_PROGRAM ("keep").</summary>
        public const uint Program = 0x6b656570;

        /// <summary>KEEPALIVE_PROTOCOL_VERSION.</summary>
        public const uint Version = 1;
    }

    /// <summary><c>enum keepalive_procedure</c>.</summary>
    public enum KeepAliveProcedure
    {
        Ping = 1,
        Pong = 2,
    }
}
