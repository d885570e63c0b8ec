using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Events;

namespace LibvirtPS.Support
{
    /// <summary>The state of a session's event subscriber.</summary>
    public enum LibvirtEventSubscriberState
    {
        /// <summary>Events are arriving.</summary>
        Active,

        /// <summary>The connection was closed (Disconnect-Libvirt): no more events, no error.</summary>
        Closed,

        /// <summary>The connection died: no more events; <c>EndReason</c> says why.</summary>
        Failed,

        /// <summary>Unregister-LibvirtEvent removed it.</summary>
        Unregistered,
    }

    /// <summary>
    /// What Register-Libvirt*Event writes: one subscriber on one connection, with its filters, queueing matching events
    /// into the session's event queue (or PowerShell's own with -ToEventQueue). Runs on the connection's reader thread:
    /// it filters and queues, nothing else.
    /// </summary>
    public sealed class LibvirtEventSubscriber : ILibvirtEventSink
    {
        private readonly SessionEvents _session;
        private readonly Func<LibvirtEvent, bool> _filter;
        private readonly PSEventManager? _engineEvents;
        private readonly List<LibvirtEventSubscription> _subscriptions = new List<LibvirtEventSubscription>();
        private long _received;
        private int _state;

        internal LibvirtEventSubscriber(SessionEvents session, string sourceIdentifier, string objectType, LibvirtConnection connection,
            string filterText, Func<LibvirtEvent, bool> filter, PSEventManager? engineEvents)
        {
            _session = session;
            SourceIdentifier = sourceIdentifier;
            ObjectType = objectType;
            Connection = connection;
            Filter = filterText;
            _filter = filter;
            _engineEvents = engineEvents;
            RegisteredAt = DateTime.Now;
        }

        /// <summary>The name Get-/Wait-/Unregister-LibvirtEvent select it by (shared by the subscribers of one Register call on several connections).</summary>
        public string SourceIdentifier { get; }

        /// <summary>Domain, Network or StoragePool.</summary>
        public string ObjectType { get; }

        public LibvirtConnection Connection { get; }

        /// <summary>The filters as given (names, UUIDs, event types), or "*".</summary>
        public string Filter { get; }

        /// <summary>The event streams registered on the connection.</summary>
        public LibvirtEventKind[] Kinds => _subscriptions.Select(s => s.Kind).ToArray();

        public DateTime RegisteredAt { get; }

        /// <summary>True: events go to PowerShell's event queue (Get-Event, Wait-Event, Register-EngineEvent -Action) instead of the LibvirtPS queue.</summary>
        public bool ToEventQueue => _engineEvents != null;

        public LibvirtEventSubscriberState State => (LibvirtEventSubscriberState)Volatile.Read(ref _state);

        /// <summary>Why the connection died (Failed), else null.</summary>
        public string? EndReason => EndException?.Message;

        /// <summary>Matching events received so far.</summary>
        public long Received => Interlocked.Read(ref _received);

        /// <summary>Events dropped because the session queue was full (oldest first).</summary>
        public long Dropped => Interlocked.Read(ref DroppedCount);

        internal long DroppedCount;

        /// <summary>How many drops Get-LibvirtEvent has already warned about.</summary>
        internal long DroppedReported { get; set; }

        internal Exception? EndException { get; private set; }

        /// <summary>Set once Get-/Wait-LibvirtEvent has shown the failure, so it is reported once.</summary>
        internal bool EndReported { get; set; }

        internal void Add(LibvirtEventSubscription s) => _subscriptions.Add(s);

        internal IReadOnlyList<LibvirtEventSubscription> Subscriptions => _subscriptions;

        void ILibvirtEventSink.OnEvent(LibvirtEvent e)
        {
            if (State != LibvirtEventSubscriberState.Active || !_filter(e)) return;
            e.Connection = Connection;
            Interlocked.Increment(ref _received);
            if (_engineEvents != null)
            {
                // PowerShell's queue is thread-safe (Register-ObjectEvent posts to it from foreign threads too)
                _engineEvents.GenerateEvent(SourceIdentifier, Connection, new object[] { e }, new PSObject(e));
                return;
            }
            _session.Enqueue(this, e);
        }

        void ILibvirtEventSink.OnEnded(Exception? reason)
        {
            var next = reason == null ? LibvirtEventSubscriberState.Closed : LibvirtEventSubscriberState.Failed;
            if (Interlocked.CompareExchange(ref _state, (int)next, (int)LibvirtEventSubscriberState.Active) != (int)LibvirtEventSubscriberState.Active) return;
            EndException = reason;
            _session.Wake();
        }

        internal bool MarkUnregistered() =>
            Interlocked.Exchange(ref _state, (int)LibvirtEventSubscriberState.Unregistered) != (int)LibvirtEventSubscriberState.Unregistered;

        public override string ToString() => SourceIdentifier;
    }
}
