using LibvirtPS.Core.Rpc;

// Finding domains (remote_domain_lookup_*, remote_connect_list_all_domains).
namespace LibvirtPS.Core.Protocol
{
    /// <summary>DOMAIN_LOOKUP_BY_ID (22) args.</summary>
    [XdrStruct]
    public sealed partial class DomainLookupByIdArgs
    {
        public int Id { get; set; }
    }

    /// <summary>DOMAIN_LOOKUP_BY_ID (22) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainLookupByIdRet
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_LOOKUP_BY_NAME (23) args.</summary>
    [XdrStruct]
    public sealed partial class DomainLookupByNameArgs
    {
        public string Name { get; set; } = "";
    }

    /// <summary>DOMAIN_LOOKUP_BY_NAME (23) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainLookupByNameRet
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_LOOKUP_BY_UUID (24) args: 16 raw bytes.</summary>
    [XdrStruct]
    public sealed partial class DomainLookupByUuidArgs
    {
        [XdrFixed(RemoteLimits.UuidLength)]
        public byte[] Uuid { get; set; } = new byte[RemoteLimits.UuidLength];
    }

    /// <summary>DOMAIN_LOOKUP_BY_UUID (24) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainLookupByUuidRet
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>
    /// CONNECT_LIST_ALL_DOMAINS (273) args. <see cref="NeedResults"/> 0 asks only for the count;
    /// <see cref="Flags"/> are the <c>VIR_CONNECT_LIST_DOMAINS_*</c> filters (ACTIVE 1, INACTIVE 2, ...).
    /// </summary>
    [XdrStruct]
    public sealed partial class ConnectListAllDomainsArgs
    {
        public int NeedResults { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>CONNECT_LIST_ALL_DOMAINS (273) ret: the domains and their count.</summary>
    [XdrStruct]
    public sealed partial class ConnectListAllDomainsRet
    {
        [XdrMax(RemoteLimits.DomainListMax)]
        public RemoteNonnullDomain[] Domains { get; set; } = new RemoteNonnullDomain[0];

        public uint Ret { get; set; }
    }
}
