using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Protocol
{
    /// <summary><c>remote_nonnull_storage_pool</c>: how every call names a pool.</summary>
    [XdrStruct]
    public sealed partial class RemoteNonnullStoragePool
    {
        public string Name { get; set; } = "";

        [XdrFixed(RemoteLimits.UuidLength)]
        public byte[] Uuid { get; set; } = new byte[RemoteLimits.UuidLength];
    }
}
