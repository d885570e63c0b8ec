using LibvirtPS.Core.Protocol;

namespace LibvirtPS.Core.Drivers.Remote
{
    /// <summary>The replies that carry one network (lookups, define, create).</summary>
    internal interface INetworkRet
    {
        RemoteNonnullNetwork Net { get; }
    }
}

namespace LibvirtPS.Core.Protocol
{
    public sealed partial class NetworkLookupByNameRet : LibvirtPS.Core.Drivers.Remote.INetworkRet { }
    public sealed partial class NetworkLookupByUuidRet : LibvirtPS.Core.Drivers.Remote.INetworkRet { }
    public sealed partial class NetworkDefineXmlRet : LibvirtPS.Core.Drivers.Remote.INetworkRet { }
    public sealed partial class NetworkCreateXmlRet : LibvirtPS.Core.Drivers.Remote.INetworkRet { }
}
