using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Protocol
{
    /// <summary><c>remote_nonnull_storage_vol</c>: how every call names a volume (its pool's name, its name, its key).</summary>
    [XdrStruct]
    public sealed partial class RemoteNonnullStorageVol
    {
        public string Pool { get; set; } = "";

        public string Name { get; set; } = "";

        public string Key { get; set; } = "";
    }
}
