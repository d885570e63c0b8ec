using LibvirtPS.Core.Rpc;

// Defining, starting, stopping and removing domains. Those without a ret return void (VoidMessage).
namespace LibvirtPS.Core.Protocol
{
    /// <summary>DOMAIN_CREATE (9) args (void ret; libvirt then looks the domain up by UUID to learn its id).</summary>
    [XdrStruct]
    public sealed partial class DomainCreateArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_CREATE_XML (10) args.</summary>
    [XdrStruct]
    public sealed partial class DomainCreateXmlArgs
    {
        public string XmlDesc { get; set; } = "";

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_CREATE_XML (10) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainCreateXmlRet
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_DEFINE_XML (11) args.</summary>
    [XdrStruct]
    public sealed partial class DomainDefineXmlArgs
    {
        public string Xml { get; set; } = "";
    }

    /// <summary>DOMAIN_DEFINE_XML (11) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainDefineXmlRet
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_DESTROY (12) args.</summary>
    [XdrStruct]
    public sealed partial class DomainDestroyArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_REBOOT (27) args.</summary>
    [XdrStruct]
    public sealed partial class DomainRebootArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_RESUME (28) args.</summary>
    [XdrStruct]
    public sealed partial class DomainResumeArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_SHUTDOWN (33) args.</summary>
    [XdrStruct]
    public sealed partial class DomainShutdownArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_SUSPEND (34) args.</summary>
    [XdrStruct]
    public sealed partial class DomainSuspendArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_UNDEFINE (35) args.</summary>
    [XdrStruct]
    public sealed partial class DomainUndefineArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_CREATE_WITH_FLAGS (196) args.</summary>
    [XdrStruct]
    public sealed partial class DomainCreateWithFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_CREATE_WITH_FLAGS (196) ret: the domain with its new id.</summary>
    [XdrStruct]
    public sealed partial class DomainCreateWithFlagsRet
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }

    /// <summary>DOMAIN_UNDEFINE_FLAGS (231) args.</summary>
    [XdrStruct]
    public sealed partial class DomainUndefineFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_DESTROY_FLAGS (234) args.</summary>
    [XdrStruct]
    public sealed partial class DomainDestroyFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_SHUTDOWN_FLAGS (258) args.</summary>
    [XdrStruct]
    public sealed partial class DomainShutdownFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_DEFINE_XML_FLAGS (350) args.</summary>
    [XdrStruct]
    public sealed partial class DomainDefineXmlFlagsArgs
    {
        public string Xml { get; set; } = "";

        public uint Flags { get; set; }
    }

    /// <summary>DOMAIN_DEFINE_XML_FLAGS (350) ret.</summary>
    [XdrStruct]
    public sealed partial class DomainDefineXmlFlagsRet
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }
}
