using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading;
using LibvirtPS.Core.Drivers.Events;

namespace LibvirtPS.Support
{
    /// <summary>
    /// A PowerShell session's event subscribers and the queue their events wait in until Get-/Wait-LibvirtEvent takes
    /// them. Per runspace, like <see cref="SessionConnections"/>. Filled from reader threads, read on the pipeline
    /// thread; bounded (the oldest event goes when full, counted on its subscriber).
    /// </summary>
    internal sealed class SessionEvents
    {
        internal const int MaxQueued = 10000;
        private static readonly ConditionalWeakTable<Runspace, SessionEvents> PerRunspace = new ConditionalWeakTable<Runspace, SessionEvents>();
        private static readonly SessionEvents NoRunspace = new SessionEvents();
        private static int _lastAutoId;

        private readonly object _lock = new object();
        private readonly LinkedList<(LibvirtEventSubscriber Subscriber, LibvirtEvent Event)> _queue = new LinkedList<(LibvirtEventSubscriber, LibvirtEvent)>();
        private readonly List<LibvirtEventSubscriber> _subscribers = new List<LibvirtEventSubscriber>();

        internal static SessionEvents Current =>
            Runspace.DefaultRunspace is Runspace rs ? PerRunspace.GetValue(rs, _ => new SessionEvents()) : NoRunspace;

        internal static string NewSourceIdentifier(string objectType) =>
            "Libvirt" + objectType + "Event." + Interlocked.Increment(ref _lastAutoId);

        internal IReadOnlyList<LibvirtEventSubscriber> Subscribers
        {
            get { lock (_lock) return _subscribers.ToList(); }
        }

        internal void Add(LibvirtEventSubscriber s)
        {
            lock (_lock) _subscribers.Add(s);
        }

        internal void Remove(LibvirtEventSubscriber s)
        {
            lock (_lock)
            {
                _subscribers.Remove(s);
                Monitor.PulseAll(_lock);
            }
        }

        internal int Count
        {
            get { lock (_lock) return _queue.Count; }
        }

        internal void Enqueue(LibvirtEventSubscriber s, LibvirtEvent e)
        {
            lock (_lock)
            {
                if (_queue.Count >= MaxQueued)
                {
                    Interlocked.Increment(ref _queue.First!.Value.Subscriber.DroppedCount);
                    _queue.RemoveFirst();
                }
                _queue.AddLast((s, e));
                Monitor.PulseAll(_lock);
            }
        }

        /// <summary>Wakes waiters (a subscriber ended).</summary>
        internal void Wake()
        {
            lock (_lock) Monitor.PulseAll(_lock);
        }

        /// <summary>Takes every queued event that <paramref name="match"/> accepts, in arrival order.</summary>
        internal List<LibvirtEvent> TakeAll(Func<LibvirtEventSubscriber, LibvirtEvent, bool> match)
        {
            var taken = new List<LibvirtEvent>();
            lock (_lock)
            {
                for (var node = _queue.First; node != null;)
                {
                    var next = node.Next;
                    if (match(node.Value.Subscriber, node.Value.Event))
                    {
                        taken.Add(node.Value.Event);
                        _queue.Remove(node);
                    }
                    node = next;
                }
            }
            return taken;
        }

        /// <summary>
        /// Waits until an event <paramref name="match"/> accepts is queued (taken and returned), <paramref name="giveUp"/>
        /// says to stop (checked on every change: e.g. the subscribers ended), the timeout passes or the token is
        /// cancelled (null for the last three).
        /// </summary>
        internal LibvirtEvent? WaitTake(Func<LibvirtEventSubscriber, LibvirtEvent, bool> match, Func<bool> giveUp, TimeSpan? timeout, CancellationToken ct)
        {
            var deadline = timeout.HasValue ? DateTime.UtcNow + timeout.Value : (DateTime?)null;
            lock (_lock)
            {
                while (true)
                {
                    for (var node = _queue.First; node != null; node = node.Next)
                    {
                        if (!match(node.Value.Subscriber, node.Value.Event)) continue;
                        _queue.Remove(node);
                        return node.Value.Event;
                    }
                    if (ct.IsCancellationRequested || giveUp()) return null;
                    var slice = TimeSpan.FromMilliseconds(200); // Ctrl+C is seen within this
                    if (deadline.HasValue)
                    {
                        var left = deadline.Value - DateTime.UtcNow;
                        if (left <= TimeSpan.Zero) return null;
                        if (left < slice) slice = left;
                    }
                    Monitor.Wait(_lock, slice);
                }
            }
        }
    }
}
