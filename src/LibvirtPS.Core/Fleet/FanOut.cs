using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Fleet
{
    /// <summary>
    /// Runs work over many hosts at once, bounded: work is added with a key (a connection, a URI); the work of one
    /// key runs in the order added, one item after the other (a host sees the calls in the order the user gave
    /// them), different keys run concurrently, at most <see cref="ThrottleLimit"/> keys at a time. Results come out
    /// in completion order, with the error instead of a result when the work failed, and are taken by one reader
    /// (a cmdlet's pipeline thread), which writes them — nothing here writes to PowerShell.
    /// </summary>
    public sealed class FanOut<T> : IDisposable
    {
        private readonly object _gate = new object();
        private readonly Dictionary<object, Queue<Item>> _lanes = new Dictionary<object, Queue<Item>>();
        private readonly HashSet<object> _active = new HashSet<object>();
        private readonly Queue<object> _waitingKeys = new Queue<object>();
        private readonly Queue<FanOutResult<T>> _done = new Queue<FanOutResult<T>>();
        private readonly SemaphoreSlim _doneSignal = new SemaphoreSlim(0);
        private readonly CancellationToken _cancellationToken;
        private int _outstanding;
        private int _sequence;

        /// <param name="throttleLimit">At most this many keys (hosts) work at the same time.</param>
        /// <param name="cancellationToken">Cancels the running work and skips what has not started.</param>
        public FanOut(int throttleLimit, CancellationToken cancellationToken)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), "The throttle limit must be at least 1.");
            ThrottleLimit = throttleLimit;
            _cancellationToken = cancellationToken;
        }

        public int ThrottleLimit { get; }

        /// <summary>Work added and not yet taken (queued, running, or done and waiting to be taken).</summary>
        public int Outstanding
        {
            get { lock (_gate) return _outstanding; }
        }

        /// <summary>The most keys that were working at the same time so far (what the tests check the bound with).</summary>
        public int PeakConcurrency { get; private set; }

        /// <summary>Adds work for <paramref name="key"/>; it starts now when the key is idle and a slot is free.</summary>
        /// <param name="key">Work of the same key runs one after the other, in the order added.</param>
        /// <param name="work">The work; it gets the fan-out's cancellation token.</param>
        /// <param name="state">Carried to the result unchanged (the target, for messages).</param>
        /// <returns>The sequence number of the work (its position in the order added), also on its result.</returns>
        public int Add(object key, object? state, Func<CancellationToken, Task<T>> work)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            if (work == null) throw new ArgumentNullException(nameof(work));
            bool start = false;
            int sequence;
            lock (_gate)
            {
                sequence = _sequence++;
                _outstanding++;
                if (!_lanes.TryGetValue(key, out var lane))
                {
                    lane = new Queue<Item>();
                    _lanes[key] = lane;
                }
                lane.Enqueue(new Item(sequence, state, work));
                if (!_active.Contains(key) && lane.Count == 1)
                {
                    if (_active.Count < ThrottleLimit) start = Activate(key);
                    else if (!_waitingKeys.Contains(key)) _waitingKeys.Enqueue(key);
                }
            }
            if (start) StartLane(key);
            return sequence;
        }

        /// <summary>A finished result, without waiting; false when none is ready.</summary>
        public bool TryTake(out FanOutResult<T> result)
        {
            if (_doneSignal.Wait(0)) { result = Dequeue(); return true; }
            result = default!;
            return false;
        }

        /// <summary>The next finished result (completion order); null when nothing is outstanding any more.</summary>
        /// <param name="cancellationToken">Stops waiting (Ctrl+C); the work itself is cancelled by the fan-out's own token.</param>
        public async Task<FanOutResult<T>?> TakeAsync(CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                if (_outstanding == 0) return null;
            }
            await _doneSignal.WaitAsync(cancellationToken).ConfigureAwait(false);
            return Dequeue();
        }

        /// <summary>
        /// Completes when a result is ready to be taken, without taking it (for a reader that also waits on other
        /// things). Only for the one reader: the result is put back at once.
        /// </summary>
        public async Task WhenReadyAsync(CancellationToken cancellationToken = default)
        {
            await _doneSignal.WaitAsync(cancellationToken).ConfigureAwait(false);
            _doneSignal.Release();
        }

        private FanOutResult<T> Dequeue()
        {
            lock (_gate)
            {
                _outstanding--;
                return _done.Dequeue();
            }
        }

        // under _gate
        private bool Activate(object key)
        {
            _active.Add(key);
            if (_active.Count > PeakConcurrency) PeakConcurrency = _active.Count;
            return true;
        }

        private void StartLane(object key)
        {
            // Task.Run: work that completes synchronously (the embedded driver) must not serialise the caller
            _ = Task.Run(() => RunLaneAsync(key));
        }

        private async Task RunLaneAsync(object key)
        {
            while (true)
            {
                Item item;
                lock (_gate)
                {
                    var lane = _lanes[key];
                    if (lane.Count == 0)
                    {
                        _lanes.Remove(key);
                        _active.Remove(key);
                        // hand the slot to the next waiting key
                        if (_waitingKeys.Count > 0)
                        {
                            var next = _waitingKeys.Dequeue();
                            Activate(next);
                            _ = Task.Run(() => RunLaneAsync(next));
                        }
                        return;
                    }
                    item = lane.Dequeue();
                }
                FanOutResult<T> result;
                try
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    var value = await item.Work(_cancellationToken).ConfigureAwait(false);
                    result = new FanOutResult<T>(key, item.State, item.Sequence, value, null);
                }
                catch (Exception e)
                {
                    result = new FanOutResult<T>(key, item.State, item.Sequence, default!, e);
                }
                lock (_gate) _done.Enqueue(result);
                _doneSignal.Release();
            }
        }

        public void Dispose() => _doneSignal.Dispose();

        private sealed class Item
        {
            public Item(int sequence, object? state, Func<CancellationToken, Task<T>> work)
            {
                Sequence = sequence;
                State = state;
                Work = work;
            }

            public int Sequence { get; }
            public object? State { get; }
            public Func<CancellationToken, Task<T>> Work { get; }
        }
    }

    /// <summary>One finished piece of work: its value, or the exception it ended with.</summary>
    public sealed class FanOutResult<T>
    {
        public FanOutResult(object key, object? state, int sequence, T value, Exception? error)
        {
            Key = key;
            State = state;
            Sequence = sequence;
            Value = value;
            Error = error;
        }

        public object Key { get; }
        public object? State { get; }

        /// <summary>The position of the work in the order it was added.</summary>
        public int Sequence { get; }

        public T Value { get; }
        public Exception? Error { get; }
    }
}
