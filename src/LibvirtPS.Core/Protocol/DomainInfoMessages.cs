using LibvirtPS.Core.Rpc;

// Questions about one domain: info, state, XML, autostart, OS type, flags, security label, metadata, messages.
namespace LibvirtPS.Core.Protocol
{
    /// <summary>DOMAIN_GET_XML_DESC (14) args. <see cref="Flags"/>: SECURE 1, INACTIVE 2, UPDATE_CPU 4, MIGRATABLE 8.</summary>
    [XdrStruct]
    public sealed partial class DomainGetXmlDescArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_GET_XML_DESC (14) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainGetXmlDescRet
    {
        public string Xml { get; set; } = "";
    }

    /// <summary>DOMAIN_GET_AUTOSTART (15) args.</summary>
    [XdrStruct]
    public sealed partial class DomainGetAutostartArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_GET_AUTOSTART (15) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainGetAutostartRet
    {
        public int Autostart { get; set; }
    }

    /// <summary>DOMAIN_GET_INFO (16) args.</summary>
    [XdrStruct]
    public sealed partial class DomainGetInfoArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>
    /// DOMAIN_GET_INFO (16) ret (32 bytes): <see cref="State"/> is <c>unsigned char</c> and <see cref="NrVirtCpu"/>
    /// <c>unsigned short</c>, each a 4-byte word on the wire. Memory sizes in KiB, CPU time in nanoseconds.
    /// </summary>
    [XdrStruct]
    public sealed partial class DomainGetInfoRet
    {
        public byte State { get; set; }

        public ulong MaxMem { get; set; }

        public ulong Memory { get; set; }

        public ushort NrVirtCpu { get; set; }

        public ulong CpuTime { get; set; }
    }

    /// <summary>DOMAIN_GET_OS_TYPE (19) args.</summary>
    [XdrStruct]
    public sealed partial class DomainGetOsTypeArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_GET_OS_TYPE (19) ret (<c>hvm</c>, <c>linux</c>, ...).</summary>
    [XdrStruct]
    public sealed partial class DomainGetOsTypeRet
    {
        public string Type { get; set; } = "";
    }

    /// <summary>DOMAIN_SET_AUTOSTART (29) args (void ret).</summary>
    [XdrStruct]
    public sealed partial class DomainSetAutostartArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public int Autostart { get; set; }
    }

    /// <summary>DOMAIN_GET_SECURITY_LABEL (121) args.</summary>
    [XdrStruct]
    public sealed partial class DomainGetSecurityLabelArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_GET_SECURITY_LABEL (121) ret: the label carries its terminating NUL (empty label = no bytes).</summary>
    [XdrStruct]
    public sealed partial class DomainGetSecurityLabelRet
    {
        [XdrCharArray]
        [XdrMax(RemoteLimits.SecurityLabelMax)]
        public byte[] Label { get; set; } = new byte[0];

        public int Enforcing { get; set; }

        public string LabelString => CharArrays.ToText(Label);
    }

    /// <summary>DOMAIN_IS_ACTIVE (150) args.</summary>
    [XdrStruct]
    public sealed partial class DomainIsActiveArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_IS_ACTIVE (150) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainIsActiveRet
    {
        public int Active { get; set; }
    }

    /// <summary>DOMAIN_IS_PERSISTENT (151) args.</summary>
    [XdrStruct]
    public sealed partial class DomainIsPersistentArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_IS_PERSISTENT (151) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainIsPersistentRet
    {
        public int Persistent { get; set; }
    }

    /// <summary>DOMAIN_HAS_MANAGED_SAVE_IMAGE (183) args.</summary>
    [XdrStruct]
    public sealed partial class DomainHasManagedSaveImageArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_HAS_MANAGED_SAVE_IMAGE (183) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainHasManagedSaveImageRet
    {
        public int Result { get; set; }
    }

    /// <summary>DOMAIN_SNAPSHOT_NUM (187) args.</summary>
    [XdrStruct]
    public sealed partial class DomainSnapshotNumArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_SNAPSHOT_NUM (187) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainSnapshotNumRet
    {
        public int Num { get; set; }
    }

    /// <summary>DOMAIN_GET_STATE (212) args.</summary>
    [XdrStruct]
    public sealed partial class DomainGetStateArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_GET_STATE (212) ret: <c>virDomainState</c> and its reason.</summary>
    [XdrStruct]
    public sealed partial class DomainGetStateRet
    {
        public int State { get; set; }

        public int Reason { get; set; }
    }

    /// <summary>DOMAIN_SET_METADATA (264) args (void ret).</summary>
    [XdrStruct]
    public sealed partial class DomainSetMetadataArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public int Type { get; set; }

        [XdrOptional]
        public string? Metadata { get; set; }

        [XdrOptional]
        public string? Key { get; set; }

        [XdrOptional]
        public string? Uri { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_GET_METADATA (265) args.</summary>
    [XdrStruct]
    public sealed partial class DomainGetMetadataArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public int Type { get; set; }

        [XdrOptional]
        public string? Uri { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_GET_METADATA (265) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainGetMetadataRet
    {
        public string Metadata { get; set; } = "";
    }

    /// <summary>DOMAIN_GET_MESSAGES (426) args.</summary>
    [XdrStruct]
    public sealed partial class DomainGetMessagesArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_GET_MESSAGES (426) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainGetMessagesRet
    {
        [XdrMax(RemoteLimits.DomainMessagesMax)]
        public string[] Msgs { get; set; } = new string[0];
    }
}
