using LibvirtPS.Core.Protocol;

namespace LibvirtPS.Core.Drivers.Remote
{
    /// <summary>The replies that carry one domain (lookups), so one code path turns any of them into a DomainInfo.</summary>
    internal interface IDomainRet
    {
        RemoteNonnullDomain Dom { get; }
    }
}

namespace LibvirtPS.Core.Protocol
{
    public sealed partial class DomainLookupByNameRet : LibvirtPS.Core.Drivers.Remote.IDomainRet { }
    public sealed partial class DomainLookupByIdRet : LibvirtPS.Core.Drivers.Remote.IDomainRet { }
    public sealed partial class DomainLookupByUuidRet : LibvirtPS.Core.Drivers.Remote.IDomainRet { }
    public sealed partial class DomainDefineXmlRet : LibvirtPS.Core.Drivers.Remote.IDomainRet { }
    public sealed partial class DomainCreateXmlRet : LibvirtPS.Core.Drivers.Remote.IDomainRet { }
}
