using LibvirtPS.Core.Rpc;

// Event registration and event MESSAGEs for networks (313-315), storage pools (368-370, 373) and the domain
// reboot callback event (319), from remote_protocol.x (libvirt 9.0). Domain lifecycle ones are in DomainEventMessages.cs.
namespace LibvirtPS.Core.Protocol
{
    /// <summary>
    /// An object named by name and UUID, as <c>remote_nonnull_network</c> and <c>remote_nonnull_storage_pool</c> are on the
    /// wire (string + 16 bytes). Declared here so the event messages do not depend on the network/storage areas' types.
    /// </summary>
    [XdrStruct]
    public sealed partial class EventObjectRef
    {
        public string Name { get; set; } = "";

        [XdrFixed(RemoteLimits.UuidLength)]
        public byte[] Uuid { get; set; } = new byte[RemoteLimits.UuidLength];
    }

    /// <summary>CONNECT_NETWORK_EVENT_REGISTER_ANY (313) and CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY (368) args: <see cref="Object"/> null = every object.</summary>
    [XdrStruct]
    public sealed partial class ConnectObjectEventRegisterAnyArgs
    {
        public int EventID { get; set; }

        [XdrOptional]
        public EventObjectRef? Object { get; set; }
    }

    /// <summary>Ret of 313 and 368: the id later events carry.</summary>
    [XdrStruct]
    public sealed partial class ConnectObjectEventRegisterAnyRet
    {
        public int CallbackID { get; set; }
    }

    /// <summary>CONNECT_NETWORK_EVENT_DEREGISTER_ANY (314) and CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY (369) args (void ret).</summary>
    [XdrStruct]
    public sealed partial class ConnectObjectEventDeregisterAnyArgs
    {
        public int CallbackID { get; set; }
    }

    /// <summary>NETWORK_EVENT_LIFECYCLE (315) and STORAGE_POOL_EVENT_LIFECYCLE (370) messages.</summary>
    [XdrStruct]
    public sealed partial class ObjectEventLifecycleMsg
    {
        public int CallbackID { get; set; }

        public EventObjectRef Object { get; set; } = new EventObjectRef();

        public int Event { get; set; }

        public int Detail { get; set; }
    }

    /// <summary>STORAGE_POOL_EVENT_REFRESH (373) message.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolEventRefreshMsg
    {
        public int CallbackID { get; set; }

        public EventObjectRef Pool { get; set; } = new EventObjectRef();
    }

    /// <summary>DOMAIN_EVENT_CALLBACK_REBOOT (319) message: <c>{ int callbackID; { remote_nonnull_domain dom; } msg; }</c>.</summary>
    [XdrStruct]
    public sealed partial class DomainEventCallbackRebootMsg
    {
        public int CallbackID { get; set; }

        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();
    }
}
