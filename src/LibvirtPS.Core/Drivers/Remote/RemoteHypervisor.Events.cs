using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Drivers.Remote
{
    // Events over the remote protocol, as libvirt's remote driver does them with a modern daemon: ask
    // CONNECT_SUPPORTS_FEATURE(14 REMOTE_EVENT_CALLBACK) (asked at the first subscription, not at open, so a connection
    // that never subscribes costs no extra round trip), register with the *_EVENT_(CALLBACK_)REGISTER_ANY procedure of
    // the family for all objects (NULL object), and route each event MESSAGE by the callback id it carries.
    public sealed partial class RemoteHypervisor
    {
        private readonly object _eventsLock = new object();
        private EventHub? _events;
        private Task<bool>? _eventCallbacks;

        /// <summary>The connection's event subscriptions (created with the first one).</summary>
        public EventHub Events
        {
            get
            {
                lock (_eventsLock)
                {
                    if (_events != null) return _events;
                    _events = new EventHub(RegisterEventAsync, DeregisterEventAsync);
                    _rpc.MessageReceived += OnEventMessage;
                    _rpc.Closed += (_, reason) => _events.EndAll(reason);
                    if (!_rpc.IsAlive) _events.EndAll(_rpc.CloseReason);
                    return _events;
                }
            }
        }

        public Task<LibvirtEventSubscription> SubscribeEventsAsync(LibvirtEventKind kind, ILibvirtEventSink sink, CancellationToken cancellationToken) =>
            Events.SubscribeAsync(kind, sink, cancellationToken);

        private Task<bool> EventCallbacksSupportedAsync(CancellationToken ct)
        {
            lock (_eventsLock)
            {
                if (_eventCallbacks == null || _eventCallbacks.IsCanceled || _eventCallbacks.IsFaulted)
                    _eventCallbacks = SupportsFeatureAsync(ConnectFeature.RemoteEventCallback, ct);
                return _eventCallbacks;
            }
        }

        private async Task<int> RegisterEventAsync(LibvirtEventKind kind, CancellationToken ct)
        {
            if (!await EventCallbacksSupportedAsync(ct).ConfigureAwait(false))
            {
                // the legacy registrations (105/167) have no callback ids; not implemented: every daemon since 1.2.1 has 14
                throw new LibvirtException(LibvirtErrorCode.NoSupport, LibvirtErrorDomain.Remote,
                    "the daemon does not support callback-ID events (CONNECT_SUPPORTS_FEATURE 14 REMOTE_EVENT_CALLBACK said no)");
            }
            int eventId = EventId(kind);
            switch (kind)
            {
                case LibvirtEventKind.DomainLifecycle:
                case LibvirtEventKind.DomainReboot:
                {
                    Trace("CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY eventID " + eventId + " (all domains)");
                    var r = await CallAsync<ConnectDomainEventCallbackRegisterAnyArgs, ConnectDomainEventCallbackRegisterAnyRet>(
                        RemoteProcedure.ConnectDomainEventCallbackRegisterAny,
                        new ConnectDomainEventCallbackRegisterAnyArgs { EventID = eventId, Dom = null }, ct).ConfigureAwait(false);
                    Trace("callbackID " + r.CallbackID);
                    return r.CallbackID;
                }
                default:
                {
                    var proc = IsNetwork(kind) ? RemoteProcedure.ConnectNetworkEventRegisterAny : RemoteProcedure.ConnectStoragePoolEventRegisterAny;
                    Trace(ProcName(proc) + " eventID " + eventId + " (all " + (IsNetwork(kind) ? "networks" : "pools") + ")");
                    var r = await CallAsync<ConnectObjectEventRegisterAnyArgs, ConnectObjectEventRegisterAnyRet>(proc,
                        new ConnectObjectEventRegisterAnyArgs { EventID = eventId, Object = null }, ct).ConfigureAwait(false);
                    Trace("callbackID " + r.CallbackID);
                    return r.CallbackID;
                }
            }
        }

        private async Task DeregisterEventAsync(LibvirtEventKind kind, int callbackId, CancellationToken ct)
        {
            if (!_rpc.IsAlive) return;
            RemoteProcedure proc = kind == LibvirtEventKind.DomainLifecycle || kind == LibvirtEventKind.DomainReboot
                ? RemoteProcedure.ConnectDomainEventCallbackDeregisterAny
                : IsNetwork(kind) ? RemoteProcedure.ConnectNetworkEventDeregisterAny : RemoteProcedure.ConnectStoragePoolEventDeregisterAny;
            Trace(ProcName(proc) + " callbackID " + callbackId);
            // the three deregister args are all { int callbackID; }
            await CallVoidAsync(proc, new ConnectObjectEventDeregisterAnyArgs { CallbackID = callbackId }, ct).ConfigureAwait(false);
        }

        private static bool IsNetwork(LibvirtEventKind kind) => kind == LibvirtEventKind.NetworkLifecycle;

        private static string ProcName(RemoteProcedure p) => p + " (" + (int)p + ")";

        /// <summary>The event id within its family (VIR_*_EVENT_ID_*).</summary>
        internal static int EventId(LibvirtEventKind kind) =>
            kind == LibvirtEventKind.DomainReboot || kind == LibvirtEventKind.StoragePoolRefresh ? 1 : 0;

        private string EventUri => _probedUri ?? _plan.ResolvedUri ?? "";

        // On the reader thread: decode, hand to the hub (whose sinks only queue), never throw.
        private void OnEventMessage(object? sender, RpcPacket packet)
        {
            if (packet.Header.Program != RemoteProgram.Program) return;
            try
            {
                var e = DecodeEvent(packet, out int callbackId);
                if (e != null) _events?.Dispatch(callbackId, e);
            }
            catch (XdrException x)
            {
                Trace("malformed event message proc " + packet.Header.Procedure + " dropped: " + x.Message);
            }
        }

        /// <summary>Decodes an event MESSAGE into a typed event and the callback id it carries (null: not an event we handle).</summary>
        internal LibvirtEvent? DecodeEvent(RpcPacket packet, out int callbackId)
        {
            callbackId = -1;
            var reader = packet.PayloadReader();
            switch ((RemoteProcedure)packet.Header.Procedure)
            {
                case RemoteProcedure.DomainEventCallbackLifecycle:
                {
                    var m = new DomainEventCallbackLifecycleMsg();
                    m.ReadFrom(reader);
                    callbackId = m.CallbackID;
                    var d = m.Msg.Dom;
                    Trace("event lifecycle callbackID " + m.CallbackID + " domain '" + d.Name + "' event " + m.Msg.Event + " detail " + m.Msg.Detail);
                    return new LibvirtDomainEvent(EventUri, d.Name, LibvirtUuid.FromBytes(d.Uuid), d.Id >= 0 ? d.Id : (int?)null,
                        (LibvirtDomainEventType)m.Msg.Event, m.Msg.Detail);
                }
                case RemoteProcedure.DomainEventCallbackReboot:
                {
                    var m = new DomainEventCallbackRebootMsg();
                    m.ReadFrom(reader);
                    callbackId = m.CallbackID;
                    Trace("event reboot callbackID " + m.CallbackID + " domain '" + m.Dom.Name + "'");
                    return new LibvirtDomainEvent(EventUri, m.Dom.Name, LibvirtUuid.FromBytes(m.Dom.Uuid), m.Dom.Id >= 0 ? m.Dom.Id : (int?)null,
                        LibvirtDomainEventType.Reboot, 0);
                }
                case RemoteProcedure.NetworkEventLifecycle:
                {
                    var m = new ObjectEventLifecycleMsg();
                    m.ReadFrom(reader);
                    callbackId = m.CallbackID;
                    Trace("event network lifecycle callbackID " + m.CallbackID + " '" + m.Object.Name + "' event " + m.Event + " detail " + m.Detail);
                    return new LibvirtNetworkEvent(EventUri, m.Object.Name, LibvirtUuid.FromBytes(m.Object.Uuid), (LibvirtNetworkEventType)m.Event, m.Detail);
                }
                case RemoteProcedure.StoragePoolEventLifecycle:
                {
                    var m = new ObjectEventLifecycleMsg();
                    m.ReadFrom(reader);
                    callbackId = m.CallbackID;
                    Trace("event pool lifecycle callbackID " + m.CallbackID + " '" + m.Object.Name + "' event " + m.Event + " detail " + m.Detail);
                    return new LibvirtStoragePoolEvent(EventUri, m.Object.Name, LibvirtUuid.FromBytes(m.Object.Uuid), (LibvirtStoragePoolEventType)m.Event, m.Detail);
                }
                case RemoteProcedure.StoragePoolEventRefresh:
                {
                    var m = new StoragePoolEventRefreshMsg();
                    m.ReadFrom(reader);
                    callbackId = m.CallbackID;
                    Trace("event pool refresh callbackID " + m.CallbackID + " '" + m.Pool.Name + "'");
                    return new LibvirtStoragePoolEvent(EventUri, m.Pool.Name, LibvirtUuid.FromBytes(m.Pool.Uuid), LibvirtStoragePoolEventType.Refresh, 0);
                }
                default:
                    return null;
            }
        }
    }
}
