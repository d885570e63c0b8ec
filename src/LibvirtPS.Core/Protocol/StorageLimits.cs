namespace LibvirtPS.Core.Protocol
{
    /// <summary>Array limits of the storage structs (remote_protocol.x).</summary>
    public static class StorageLimits
    {
        /// <summary><c>REMOTE_STORAGE_POOL_LIST_MAX</c>.</summary>
        public const int PoolListMax = 16384;

        /// <summary><c>REMOTE_STORAGE_VOL_LIST_MAX</c>.</summary>
        public const int VolListMax = 16384;
    }
}
