using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Protocol
{
    /// <summary><c>remote_nonnull_network</c>.</summary>
    [XdrStruct]
    public sealed partial class RemoteNonnullNetwork
    {
        public string Name { get; set; } = "";

        [XdrFixed(RemoteLimits.UuidLength)]
        public byte[] Uuid { get; set; } = new byte[RemoteLimits.UuidLength];
    }
}
