using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>
    /// Stops a domain and waits until it is shut off: subscribed to lifecycle events *before* the stop (so the STOPPED
    /// event cannot be missed), polling the state where the driver has no events. A timeout is an OperationTimeout
    /// error naming the domain and its last state.
    /// </summary>
    public static class DomainShutoffWaiter
    {
        /// <summary>How the wait was done.</summary>
        public enum Method
        {
            Events,
            Polling,
        }

        private sealed class StoppedSink : ILibvirtEventSink
        {
            private readonly Guid _uuid;
            public readonly TaskCompletionSource<bool> Stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            public StoppedSink(Guid uuid) { _uuid = uuid; }

            public void OnEvent(LibvirtEvent e)
            {
                if (e is LibvirtDomainEvent d && d.DomainUuid == _uuid && d.Event == LibvirtDomainEventType.Stopped) Stopped.TrySetResult(true);
            }

            public void OnEnded(Exception? reason) =>
                Stopped.TrySetException(reason ?? new LibvirtException(LibvirtErrorCode.InvalidConn, LibvirtErrorDomain.None, "the connection closed while waiting"));
        }

        /// <summary>
        /// Runs <paramref name="stop"/> (shutdown or destroy) and waits for the domain to be shut off (or gone, for a
        /// transient one) within <paramref name="timeout"/>.
        /// </summary>
        public static async Task<Method> StopAndWaitAsync(IHypervisor hypervisor, Guid uuid, string? name, Func<Task> stop, TimeSpan timeout,
            TimeSpan pollInterval, CancellationToken cancellationToken)
        {
            var sink = new StoppedSink(uuid);
            LibvirtEventSubscription? sub = null;
            try
            {
                sub = await hypervisor.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, sink, cancellationToken).ConfigureAwait(false);
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoSupport)
            {
                // an old daemon: poll below
            }
            try
            {
                await stop().ConfigureAwait(false);
                var deadline = DateTime.UtcNow + timeout;
                if (sub != null)
                {
                    using (var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        var delay = Task.Delay(timeout, cts.Token);
                        var done = await Task.WhenAny(sink.Stopped.Task, delay).ConfigureAwait(false);
                        cts.Cancel();
                        cancellationToken.ThrowIfCancellationRequested();
                        if (done == sink.Stopped.Task)
                        {
                            await sink.Stopped.Task.ConfigureAwait(false); // the connection's end, if it ended
                            return Method.Events;
                        }
                    }
                    // no event in time: the state decides (an event lost to a race must not fail the wait)
                    var last = await StateAsync(hypervisor, uuid, cancellationToken).ConfigureAwait(false);
                    if (last == null || last.State == DomainState.Shutoff) return Method.Events;
                    throw Timeout(name ?? last.Name, timeout, last.State);
                }
                while (true)
                {
                    var info = await StateAsync(hypervisor, uuid, cancellationToken).ConfigureAwait(false);
                    if (info == null || info.State == DomainState.Shutoff) return Method.Polling;
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) throw Timeout(name ?? info.Name, timeout, info.State);
                    await Task.Delay(left < pollInterval ? left : pollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (sub != null)
                {
                    try { await sub.UnsubscribeAsync(CancellationToken.None).ConfigureAwait(false); }
                    catch (LibvirtException) { /* a dead connection has nothing to deregister */ }
                }
            }
        }

        /// <summary>The domain as it is now; null when it no longer exists (a transient domain after it stopped).</summary>
        private static async Task<DomainInfo?> StateAsync(IHypervisor hypervisor, Guid uuid, CancellationToken ct)
        {
            try
            {
                return await hypervisor.LookupDomainByUuidAsync(uuid, ct).ConfigureAwait(false);
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
            {
                return null;
            }
        }

        private static LibvirtException Timeout(string name, TimeSpan timeout, DomainState state) =>
            new LibvirtException(LibvirtErrorCode.OperationTimeout, LibvirtErrorDomain.None,
                "domain '" + name + "' did not shut off within " + timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s (state: " + state + ")")
            {
                Hint = "The guest may ignore the shutdown request (no ACPI, or on_poweroff=restart); use -Force to destroy it, or raise -Timeout.",
            };
    }
}
