using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Events;

namespace LibvirtPS.Core.Drivers.Test
{
    // Events of the embedded driver: the state raises them (TestDriverState.Events.cs); this connection listens while it
    // has subscriptions and stamps its URI on each. "Registration" is local: callback ids count from 0 per connection,
    // as the daemon's do.
    public sealed partial class TestHypervisor
    {
        private readonly object _eventsLock = new object();
        private EventHub? _events;
        private int _nextCallbackId = -1;

        /// <summary>The connection's event subscriptions (created with the first one).</summary>
        public EventHub Events
        {
            get
            {
                lock (_eventsLock)
                {
                    if (_events != null) return _events;
                    var hub = new EventHub(
                        (kind, ct) => IsAlive
                            ? Task.FromResult(Interlocked.Increment(ref _nextCallbackId))
                            : Task.FromException<int>(TestDriverErrors.InvalidConnection("virConnectDomainEventRegisterAny")),
                        (kind, id, ct) => Task.CompletedTask);
                    _events = hub;
                    State.EventRaised += OnStateEvent;
                    Closed += (_, reason) =>
                    {
                        State.EventRaised -= OnStateEvent;
                        hub.EndAll(reason);
                    };
                    if (!IsAlive)
                    {
                        State.EventRaised -= OnStateEvent;
                        hub.EndAll(null);
                    }
                    return hub;
                }
            }
        }

        public Task<LibvirtEventSubscription> SubscribeEventsAsync(LibvirtEventKind kind, ILibvirtEventSink sink, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<LibvirtEventSubscription>(cancellationToken);
            return Events.SubscribeAsync(kind, sink, cancellationToken);
        }

        private void OnStateEvent(TestDriverEvent e)
        {
            var hub = _events;
            if (hub == null || !IsAlive) return;
            LibvirtEvent typed;
            switch (e.Kind)
            {
                case LibvirtEventKind.DomainLifecycle:
                case LibvirtEventKind.DomainReboot:
                    typed = new LibvirtDomainEvent(Uri, e.Name, e.Uuid, e.Id, (LibvirtDomainEventType)e.EventType, e.Detail);
                    break;
                case LibvirtEventKind.NetworkLifecycle:
                    typed = new LibvirtNetworkEvent(Uri, e.Name, e.Uuid, (LibvirtNetworkEventType)e.EventType, e.Detail);
                    break;
                default:
                    typed = new LibvirtStoragePoolEvent(Uri, e.Name, e.Uuid, (LibvirtStoragePoolEventType)e.EventType, e.Detail);
                    break;
            }
            hub.Dispatch(typed);
        }
    }
}
