using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Protocol
{
    /// <summary>
    /// <c>remote_error</c> (= <c>virNetMessageError</c>): the payload of every reply with status ERROR. Code, domain and level
    /// are libvirt's <c>virErrorNumber</c>, <c>virErrorDomain</c> and <c>virErrorLevel</c>; <see cref="Dom"/> and
    /// <see cref="Net"/> are always absent in practice.
    /// </summary>
    [XdrStruct]
    public sealed partial class RemoteError
    {
        public int Code { get; set; }

        public int Domain { get; set; }

        [XdrOptional]
        public string? Message { get; set; }

        public int Level { get; set; }

        [XdrOptional]
        public RemoteNonnullDomain? Dom { get; set; }

        [XdrOptional]
        public string? Str1 { get; set; }

        [XdrOptional]
        public string? Str2 { get; set; }

        [XdrOptional]
        public string? Str3 { get; set; }

        public int Int1 { get; set; }

        public int Int2 { get; set; }

        [XdrOptional]
        public RemoteNonnullNetwork? Net { get; set; }
    }
}
