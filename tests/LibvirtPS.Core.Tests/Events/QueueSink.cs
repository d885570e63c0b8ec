using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Events;

namespace LibvirtPS.Core.Tests.Events
{
    /// <summary>A sink that only queues (as the contract asks) and lets a test wait for n events or the end.</summary>
    internal sealed class QueueSink : ILibvirtEventSink
    {
        private readonly ConcurrentQueue<LibvirtEvent> _events = new ConcurrentQueue<LibvirtEvent>();
        private readonly SemaphoreSlim _arrived = new SemaphoreSlim(0);
        public readonly TaskCompletionSource<Exception?> Ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        public int? ThreadId;

        public void OnEvent(LibvirtEvent e)
        {
            ThreadId = Environment.CurrentManagedThreadId;
            _events.Enqueue(e);
            _arrived.Release();
        }

        public void OnEnded(Exception? reason) => Ended.TrySetResult(reason);

        public int Count => _events.Count;

        /// <summary>Takes <paramref name="n"/> events, failing the test after <paramref name="timeout"/>.</summary>
        public async Task<List<LibvirtEvent>> TakeAsync(int n, TimeSpan timeout)
        {
            var list = new List<LibvirtEvent>();
            var deadline = DateTime.UtcNow + timeout;
            while (list.Count < n)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                    throw new TimeoutException("got " + list.Count + " of " + n + " events within " + timeout.TotalSeconds + " s: " + string.Join("; ", list));
                _events.TryDequeue(out var e);
                list.Add(e!);
            }
            return list;
        }
    }
}
