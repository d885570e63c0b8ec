using System;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>
    /// One subscriber's hold on an event stream of a connection. Several subscriptions of the same kind share one
    /// registration on the wire; the last one to go deregisters it.
    /// </summary>
    public sealed class LibvirtEventSubscription : IDisposable
    {
        private readonly EventHub _hub;
        private int _ended;

        internal LibvirtEventSubscription(EventHub hub, LibvirtEventKind kind, ILibvirtEventSink sink)
        {
            _hub = hub;
            Kind = kind;
            Sink = sink;
        }

        public LibvirtEventKind Kind { get; }

        internal ILibvirtEventSink Sink { get; }

        /// <summary>False once unsubscribed or ended by the connection.</summary>
        public bool IsActive => Volatile.Read(ref _ended) == 0;

        /// <summary>Why the connection ended it when it died (null while active, after Unsubscribe, or after a normal close).</summary>
        public Exception? EndReason { get; private set; }

        /// <summary>Stops delivery; deregisters on the wire when this was the last subscription of its kind.</summary>
        public Task UnsubscribeAsync(CancellationToken cancellationToken)
        {
            if (!MarkEnded(null)) return Task.CompletedTask;
            return _hub.RemoveAsync(this, cancellationToken);
        }

        /// <summary>Unsubscribes without waiting for the deregistration's reply.</summary>
        public void Dispose()
        {
            var t = UnsubscribeAsync(CancellationToken.None);
            t.ContinueWith(x => { _ = x.Exception; }, TaskContinuationOptions.OnlyOnFaulted);
        }

        internal bool MarkEnded(Exception? reason)
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0) return false;
            EndReason = reason;
            return true;
        }

        internal void Deliver(LibvirtEvent e)
        {
            if (!IsActive) return;
            try
            {
                Sink.OnEvent(e);
            }
            catch (Exception)
            {
                // a faulty sink must not take the reader thread (and the connection) down with it
            }
        }
    }
}
