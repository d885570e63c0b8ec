using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>virConnectListAllNetworksFlags (CONNECT_LIST_ALL_NETWORKS); none = every network.</summary>
    [Flags]
    public enum NetworkListFlags : uint
    {
        None = 0,
        Inactive = 1,
        Active = 2,
        Persistent = 4,
        Transient = 8,
        Autostart = 16,
        NoAutostart = 32,
    }
}
