using LibvirtPS.Core.Rpc;

// Event registration calls and the event MESSAGEs the daemon sends (serial 1, type MESSAGE).
// CONNECT_DOMAIN_EVENT_REGISTER/DEREGISTER (105/106) have void args and ret.
namespace LibvirtPS.Core.Protocol
{
    /// <summary>DOMAIN_EVENT_LIFECYCLE (107) message (legacy registration) and the body of the callback form.</summary>
    [XdrStruct]
    public sealed partial class DomainEventLifecycleMsg
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        /// <summary><c>virDomainEventType</c>: DEFINED 0, UNDEFINED 1, STARTED 2, SUSPENDED 3, RESUMED 4, STOPPED 5, ...</summary>
        public int Event { get; set; }

        public int Detail { get; set; }
    }

    /// <summary>CONNECT_DOMAIN_EVENT_REGISTER_ANY (167) args (void ret; pre-callback-ID API).</summary>
    [XdrStruct]
    public sealed partial class ConnectDomainEventRegisterAnyArgs
    {
        public int EventID { get; set; }
    }

    /// <summary>CONNECT_DOMAIN_EVENT_DEREGISTER_ANY (168) args (void ret).</summary>
    [XdrStruct]
    public sealed partial class ConnectDomainEventDeregisterAnyArgs
    {
        public int EventID { get; set; }
    }

    /// <summary>CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY (316) args: <see cref="Dom"/> null = every domain.</summary>
    [XdrStruct]
    public sealed partial class ConnectDomainEventCallbackRegisterAnyArgs
    {
        public int EventID { get; set; }

        [XdrOptional]
        public RemoteNonnullDomain? Dom { get; set; }
    }

    /// <summary>CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY (316) ret: the id later events carry.</summary>
    [XdrStruct]
    public sealed partial class ConnectDomainEventCallbackRegisterAnyRet
    {
        public int CallbackID { get; set; }
    }

    /// <summary>CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY (317) args (void ret).</summary>
    [XdrStruct]
    public sealed partial class ConnectDomainEventCallbackDeregisterAnyArgs
    {
        public int CallbackID { get; set; }
    }

    /// <summary>DOMAIN_EVENT_CALLBACK_LIFECYCLE (318) message.</summary>
    [XdrStruct]
    public sealed partial class DomainEventCallbackLifecycleMsg
    {
        public int CallbackID { get; set; }

        public DomainEventLifecycleMsg Msg { get; set; } = new DomainEventLifecycleMsg();
    }

    /// <summary>CONNECT_EVENT_CONNECTION_CLOSED (362) message: the daemon's side of the close callback.</summary>
    [XdrStruct]
    public sealed partial class ConnectEventConnectionClosedMsg
    {
        public int Reason { get; set; }
    }
}
