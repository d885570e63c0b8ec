using LibvirtPS.Core.Rpc;

// Domain snapshots (remote_protocol.x, libvirt 9.0). Calls without a ret return void (VoidMessage).
namespace LibvirtPS.Core.Protocol
{
    /// <summary><c>remote_nonnull_domain_snapshot</c>: a snapshot is named by its name and its domain.</summary>
    [XdrStruct]
    public sealed partial class RemoteNonnullDomainSnapshot
    {
        public string Name { get; set; } = "";

        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_SNAPSHOT_CREATE_XML (185) args.</summary>
    [XdrStruct]
    public sealed partial class DomainSnapshotCreateXmlArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public string XmlDesc { get; set; } = "";

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_SNAPSHOT_CREATE_XML (185), DOMAIN_SNAPSHOT_LOOKUP_BY_NAME (189), DOMAIN_SNAPSHOT_CURRENT (191) and DOMAIN_SNAPSHOT_GET_PARENT (244) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainSnapshotRet
    {
        public RemoteNonnullDomainSnapshot Snap { get; set; } = new RemoteNonnullDomainSnapshot();
    }

    /// <summary>
    /// The args of every call that takes one snapshot and flags: DOMAIN_SNAPSHOT_GET_XML_DESC (186),
    /// DOMAIN_REVERT_TO_SNAPSHOT (192), DOMAIN_SNAPSHOT_DELETE (193), DOMAIN_SNAPSHOT_GET_PARENT (244),
    /// DOMAIN_SNAPSHOT_IS_CURRENT (271), DOMAIN_SNAPSHOT_HAS_METADATA (272).
    /// </summary>
    [XdrStruct]
    public sealed partial class DomainSnapshotFlagsArgs
    {
        public RemoteNonnullDomainSnapshot Snap { get; set; } = new RemoteNonnullDomainSnapshot();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_SNAPSHOT_GET_XML_DESC (186) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainSnapshotGetXmlDescRet
    {
        public string Xml { get; set; } = "";
    }

    /// <summary>DOMAIN_SNAPSHOT_LOOKUP_BY_NAME (189) args.</summary>
    [XdrStruct]
    public sealed partial class DomainSnapshotLookupByNameArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public string Name { get; set; } = "";

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_HAS_CURRENT_SNAPSHOT (190) and DOMAIN_SNAPSHOT_CURRENT (191) args.</summary>
    [XdrStruct]
    public sealed partial class DomainSnapshotDomainFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_HAS_CURRENT_SNAPSHOT (190), DOMAIN_SNAPSHOT_IS_CURRENT (271) and DOMAIN_SNAPSHOT_HAS_METADATA (272) ret: one int.</summary>
    [XdrStruct]
    public sealed partial class DomainSnapshotIntRet
    {
        public int Value { get; set; }
    }

    /// <summary>DOMAIN_LIST_ALL_SNAPSHOTS (274) args.</summary>
    [XdrStruct]
    public sealed partial class DomainListAllSnapshotsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public int NeedResults { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_LIST_ALL_SNAPSHOTS (274) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainListAllSnapshotsRet
    {
        [XdrMax(DomainSnapshotLimits.ListMax)]
        public RemoteNonnullDomainSnapshot[] Snapshots { get; set; } = new RemoteNonnullDomainSnapshot[0];

        public int Ret { get; set; }
    }

    /// <summary>Bounds of the snapshot calls.</summary>
    public static class DomainSnapshotLimits
    {
        /// <summary>REMOTE_DOMAIN_SNAPSHOT_LIST_MAX.</summary>
        public const int ListMax = 16384;
    }
}
