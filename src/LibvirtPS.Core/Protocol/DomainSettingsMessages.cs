using LibvirtPS.Core.Rpc;

// Memory and vCPU settings, save/restore and managed save (remote_protocol.x). Void rets use VoidMessage.
namespace LibvirtPS.Core.Protocol
{
    /// <summary>DOMAIN_SET_MAX_MEMORY (30) args: KiB.</summary>
    [XdrStruct]
    public sealed partial class DomainSetMaxMemoryArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public ulong Memory { get; set; }
    }

    /// <summary>DOMAIN_SET_MEMORY (31) args: KiB.</summary>
    [XdrStruct]
    public sealed partial class DomainSetMemoryArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public ulong Memory { get; set; }
    }

    /// <summary>DOMAIN_SET_VCPUS (32) args.</summary>
    [XdrStruct]
    public sealed partial class DomainSetVcpusArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Nvcpus { get; set; }
    }

    /// <summary>DOMAIN_RESTORE (54) args.</summary>
    [XdrStruct]
    public sealed partial class DomainRestoreArgs
    {
        public string From { get; set; } = "";
    }

    /// <summary>DOMAIN_SAVE (55) args.</summary>
    [XdrStruct]
    public sealed partial class DomainSaveArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public string To { get; set; } = "";
    }

    /// <summary>NODE_GET_FREE_MEMORY (102) ret: bytes.</summary>
    [XdrStruct]
    public sealed partial class NodeGetFreeMemoryRet
    {
        public ulong FreeMem { get; set; }
    }

    /// <summary>DOMAIN_MANAGED_SAVE (182) args.</summary>
    [XdrStruct]
    public sealed partial class DomainManagedSaveArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_SET_VCPUS_FLAGS (199) args.</summary>
    [XdrStruct]
    public sealed partial class DomainSetVcpusFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Nvcpus { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_GET_VCPUS_FLAGS (200) args.</summary>
    [XdrStruct]
    public sealed partial class DomainGetVcpusFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_GET_VCPUS_FLAGS (200) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainGetVcpusFlagsRet
    {
        public int Num { get; set; }
    }

    /// <summary>DOMAIN_SET_MEMORY_FLAGS (204) args: KiB.</summary>
    [XdrStruct]
    public sealed partial class DomainSetMemoryFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public ulong Memory { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_SAVE_FLAGS (232) args (dxml: a replacement XML, null for none).</summary>
    [XdrStruct]
    public sealed partial class DomainSaveFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public string To { get; set; } = "";

        [XdrOptional]
        public string? Dxml { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_RESTORE_FLAGS (233) args.</summary>
    [XdrStruct]
    public sealed partial class DomainRestoreFlagsArgs
    {
        public string From { get; set; } = "";

        [XdrOptional]
        public string? Dxml { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_SAVE_IMAGE_GET_XML_DESC (235) args.</summary>
    [XdrStruct]
    public sealed partial class DomainSaveImageGetXmlDescArgs
    {
        public string File { get; set; } = "";

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_SAVE_IMAGE_GET_XML_DESC (235) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainSaveImageGetXmlDescRet
    {
        public string Xml { get; set; } = "";
    }
}
