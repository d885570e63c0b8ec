using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>
    /// The subscriptions of one connection: one registration per event kind shared by every subscriber (registered
    /// with the first, deregistered with the last), events routed by kind or by the daemon's callback id, and every
    /// subscription ended with the reason when the connection ends. The driver supplies how to register/deregister.
    /// </summary>
    public sealed class EventHub
    {
        private readonly Func<LibvirtEventKind, CancellationToken, Task<int>> _register;
        private readonly Func<LibvirtEventKind, int, CancellationToken, Task> _deregister;
        private readonly object _lock = new object();
        private readonly Dictionary<LibvirtEventKind, Registration> _byKind = new Dictionary<LibvirtEventKind, Registration>();
        private readonly Dictionary<int, Registration> _byCallbackId = new Dictionary<int, Registration>();
        private Exception? _endedWith;
        private bool _ended;

        private sealed class Registration
        {
            public Registration(LibvirtEventKind kind) { Kind = kind; }
            public LibvirtEventKind Kind { get; }
            public Task<int>? Registering { get; set; }
            public int? CallbackId { get; set; }
            public List<LibvirtEventSubscription> Subscribers { get; } = new List<LibvirtEventSubscription>();
        }

        public EventHub(Func<LibvirtEventKind, CancellationToken, Task<int>> register, Func<LibvirtEventKind, int, CancellationToken, Task> deregister)
        {
            _register = register;
            _deregister = deregister;
        }

        /// <summary>How many registrations are on the wire now (or being made).</summary>
        public int RegistrationCount
        {
            get { lock (_lock) return _byKind.Count; }
        }

        /// <summary>Adds a subscriber; the first of its kind registers (and waits for the daemon's callback id).</summary>
        public async Task<LibvirtEventSubscription> SubscribeAsync(LibvirtEventKind kind, ILibvirtEventSink sink, CancellationToken cancellationToken)
        {
            if (sink == null) throw new ArgumentNullException(nameof(sink));
            Registration reg;
            LibvirtEventSubscription sub;
            bool first = false;
            lock (_lock)
            {
                if (_ended) throw Ended();
                if (!_byKind.TryGetValue(kind, out reg!))
                {
                    reg = new Registration(kind);
                    _byKind[kind] = reg;
                    first = true;
                }
                sub = new LibvirtEventSubscription(this, kind, sink);
                reg.Subscribers.Add(sub);
            }
            if (first)
            {
                // started outside the lock: the registration is a round trip
                var registering = _register(kind, cancellationToken);
                lock (_lock) reg.Registering = registering;
            }
            Task<int>? task;
            lock (_lock) task = reg.Registering;
            while (task == null)
            {
                // another caller is between creating the registration and starting its call
                await Task.Yield();
                lock (_lock) task = reg.Registering;
            }
            try
            {
                int id = await task.ConfigureAwait(false);
                lock (_lock)
                {
                    if (reg.CallbackId == null)
                    {
                        reg.CallbackId = id;
                        _byCallbackId[id] = reg;
                        ReleaseHeldLocked(reg);
                    }
                }
                return sub;
            }
            catch
            {
                sub.MarkEnded(null);
                lock (_lock)
                {
                    reg.Subscribers.Remove(sub);
                    // a failed registration is not kept: the next subscriber tries again
                    if (_byKind.TryGetValue(kind, out var current) && ReferenceEquals(current, reg) && (reg.Subscribers.Count == 0 || task.IsFaulted || task.IsCanceled))
                        _byKind.Remove(kind);
                    if (!_byKind.Values.Any(r => r.CallbackId == null)) _held.Clear();
                }
                throw;
            }
        }

        internal async Task RemoveAsync(LibvirtEventSubscription sub, CancellationToken cancellationToken)
        {
            Registration? last = null;
            lock (_lock)
            {
                if (_byKind.TryGetValue(sub.Kind, out var reg) && reg.Subscribers.Remove(sub) && reg.Subscribers.Count == 0 && reg.CallbackId != null)
                {
                    _byKind.Remove(sub.Kind);
                    _byCallbackId.Remove(reg.CallbackId.Value);
                    last = reg;
                }
                if (_ended) last = null; // nothing to tell a dead connection
            }
            if (last != null) await _deregister(last.Kind, last.CallbackId!.Value, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Delivers an event the daemon sent under <paramref name="callbackId"/> to the subscribers of that registration
        /// (when its kind is the event's). The daemon may send an event right behind the reply that tells us the id, and
        /// the reader gets to it before the registering caller has recorded the id: while a registration is pending, events
        /// of unknown ids are held (at most <see cref="MaxHeld"/>) and delivered, in order, once their id is known; others
        /// are dropped. Sinks are called under the hub's lock, which keeps each subscriber's events in arrival order
        /// (they only queue; see <see cref="ILibvirtEventSink"/>).
        /// </summary>
        public void Dispatch(int callbackId, LibvirtEvent e)
        {
            lock (_lock)
            {
                if (_ended) return;
                if (_byCallbackId.TryGetValue(callbackId, out var reg))
                {
                    if (reg.Kind == e.Kind) DeliverLocked(reg, e);
                    return;
                }
                if (_byKind.Values.Any(r => r.CallbackId == null) && _held.Count < MaxHeld) _held.Add((callbackId, e));
            }
        }

        /// <summary>Delivers an event to the subscribers of its kind (drivers without callback ids: the embedded one).</summary>
        public void Dispatch(LibvirtEvent e)
        {
            lock (_lock)
            {
                if (_ended || !_byKind.TryGetValue(e.Kind, out var reg)) return;
                DeliverLocked(reg, e);
            }
        }

        /// <summary>Events of ids not yet known kept while a registration is pending.</summary>
        public const int MaxHeld = 1000;

        private readonly List<(int CallbackId, LibvirtEvent Event)> _held = new List<(int, LibvirtEvent)>();

        private static void DeliverLocked(Registration reg, LibvirtEvent e)
        {
            foreach (var s in reg.Subscribers) s.Deliver(e);
        }

        // Under _lock, when a registration learnt its id: deliver what was held for it, forget the rest once nothing is pending.
        private void ReleaseHeldLocked(Registration reg)
        {
            if (_held.Count == 0) return;
            foreach (var (id, e) in _held)
            {
                if (id == reg.CallbackId && e.Kind == reg.Kind) DeliverLocked(reg, e);
            }
            _held.RemoveAll(h => h.CallbackId == reg.CallbackId);
            if (!_byKind.Values.Any(r => r.CallbackId == null)) _held.Clear();
        }

        /// <summary>Ends every subscription (the connection closed: null, or died: the reason); later subscribes fail with the reason or "closed".</summary>
        public void EndAll(Exception? reason)
        {
            LibvirtEventSubscription[] subs;
            lock (_lock)
            {
                if (_ended) return;
                _ended = true;
                _endedWith = reason;
                subs = _byKind.Values.SelectMany(r => r.Subscribers).ToArray();
                _byKind.Clear();
                _held.Clear();
                _byCallbackId.Clear();
            }
            // a normal close ends them with no error (null); a dead connection with its reason
            foreach (var s in subs)
            {
                if (!s.MarkEnded(reason)) continue;
                try { s.Sink.OnEnded(reason); } catch (Exception) { /* the sink's own problem */ }
            }
        }

        private Exception Ended() =>
            _endedWith is LibvirtException le ? le
            : new LibvirtException(LibvirtErrorCode.InvalidConn, LibvirtErrorDomain.None,
                _endedWith == null ? "the connection is closed; its event subscriptions ended" : "the connection died: " + _endedWith.Message,
                LibvirtErrorLevel.Error, _endedWith);
    }
}
