using LibvirtPS.Core.Rpc;

// Bulk statistics (remote_connect_get_all_domain_stats).
namespace LibvirtPS.Core.Protocol
{
    /// <summary>
    /// CONNECT_GET_ALL_DOMAIN_STATS (344) args: <see cref="Doms"/> empty = all domains (filtered by <see cref="Flags"/>);
    /// <see cref="Stats"/> selects groups (STATE 1, CPU_TOTAL 2, BALLOON 4, VCPU 8, ...).
    /// </summary>
    [XdrStruct]
    public sealed partial class ConnectGetAllDomainStatsArgs
    {
        [XdrMax(RemoteLimits.DomainListMax)]
        public RemoteNonnullDomain[] Doms { get; set; } = new RemoteNonnullDomain[0];

        public uint Stats { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary><c>remote_domain_stats_record</c>: one domain and its statistics as typed parameters.</summary>
    [XdrStruct]
    public sealed partial class RemoteDomainStatsRecord
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        [XdrMax(RemoteLimits.ConnectGetAllDomainStatsMax)]
        public RemoteTypedParameter[] Params { get; set; } = new RemoteTypedParameter[0];
    }

    /// <summary>CONNECT_GET_ALL_DOMAIN_STATS (344) ret.</summary>
    [XdrStruct]
    public sealed partial class ConnectGetAllDomainStatsRet
    {
        [XdrMax(RemoteLimits.DomainListMax)]
        public RemoteDomainStatsRecord[] RetStats { get; set; } = new RemoteDomainStatsRecord[0];
    }
}
