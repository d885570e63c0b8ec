using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Protocol
{
    /// <summary>DOMAIN_SCREENSHOT args: the domain, the screen (head) number, flags (none defined). Opens a download stream.</summary>
    [XdrStruct]
    public sealed partial class DomainScreenshotArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Screen { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_SCREENSHOT ret: the MIME type of the image the stream carries (<c>remote_string</c>: may be null).</summary>
    [XdrStruct]
    public sealed partial class DomainScreenshotRet
    {
        [XdrOptional]
        public string? Mime { get; set; }
    }
}
