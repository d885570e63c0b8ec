using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>
    /// One libvirt stream (virStream over virNetClientStream): data packets (type STREAM, status CONTINUE, raw
    /// payload) and holes (type STREAM_HOLE, <c>{hyper length; unsigned flags}</c>) in either direction, all with
    /// the serial of the call that opened the stream. The end of a download's data is an empty STREAM CONTINUE.
    /// Ends with a finish handshake (we send an empty STREAM OK, the daemon confirms with an empty STREAM OK or
    /// refuses with STREAM ERROR + error struct) or an abort (we send an empty STREAM ERROR; the daemon confirms).
    /// <para>
    /// Incoming packets wait in a bounded queue: when the consumer is slower than the daemon, the reader thread
    /// blocks on the full queue, the socket stops being read and the socket pushes back on the daemon (which sends one
    /// packet at a time and waits for it to leave before reading the next chunk). A download never piles up in
    /// memory. While it waits, the reader keeps the connection alive (a keepalive PING every second, see
    /// RpcClient.KeepAliveWhileBlocked) and, when other calls wait for replies, reads on up to
    /// <see cref="MaxQueueCapacity"/> to reach them. A dead connection fails the stream at once.
    /// </para>
    /// </summary>
    public sealed class RpcStream : IDisposable
    {
        /// <summary>Bytes per data packet: libvirt's VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX (what virsh and the daemon send).</summary>
        public const int ChunkSize = 262120;

        /// <summary>Incoming packets queued before the reader thread waits (16 × 256 KiB = 4 MiB).</summary>
        public const int QueueCapacity = 16;

        /// <summary>
        /// The bound while other calls on the connection wait for their replies (64 × 256 KiB = 16 MiB): the reader reads
        /// on past a slow consumer's packets to reach those replies, then waits again. Never more, so memory stays bounded
        /// (libvirt's own client queues without limit).
        /// </summary>
        public const int MaxQueueCapacity = 64;

        /// <summary>While the reader waits on a full queue, a keepalive PING goes to the daemon this often (see RpcClient.KeepAliveWhileBlocked).</summary>
        public static readonly TimeSpan BlockedPingInterval = TimeSpan.FromSeconds(1);

        private readonly RpcClient _client;
        private readonly Queue<RpcPacket> _queue = new Queue<RpcPacket>();
        private readonly object _lock = new object();
        private readonly TaskCompletionSource<RpcPacket> _finishReply = new TaskCompletionSource<RpcPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        private Exception? _failure;
        private bool _closing;           // finish or abort sent: the next OK/ERROR is its confirmation
        private bool _discard;           // aborted: incoming data is dropped, the reader never waits
        private int _done;

        internal RpcStream(RpcClient client, uint program, uint version, int procedure, uint serial)
        {
            _client = client;
            Program = program;
            Version = version;
            Procedure = procedure;
            Serial = serial;
        }

        public uint Program { get; }
        public uint Version { get; }
        public int Procedure { get; }

        /// <summary>The serial of the call that opened the stream; every packet of the stream carries it.</summary>
        public uint Serial { get; }

        /// <summary>True once finished, aborted or failed.</summary>
        public bool IsDone => Volatile.Read(ref _done) != 0;

        // ------------------------------------------------------------------ reader thread side

        /// <summary>
        /// Called by the RpcClient reader for each packet with this stream's serial. Blocks while the queue is full
        /// (back-pressure), unless the stream is aborted or the connection is closing.
        /// </summary>
        internal void Deliver(RpcPacket packet, CancellationToken shutdown)
        {
            var h = packet.Header;
            lock (_lock)
            {
                if (_closing)
                {
                    // after finish/abort: data still in flight is dropped; OK or ERROR is the confirmation
                    if (h.Type == RpcMessageType.Stream && h.Status != RpcStatus.Continue) CompleteClose(packet);
                    return;
                }
                if (h.Type == RpcMessageType.Stream && h.Status == RpcStatus.Error)
                {
                    // the daemon's error: fails the reader and any writer at once (no data after it matters)
                    FailLocked(RpcClient.DecodeError(packet));
                    return;
                }
                if (h.Type == RpcMessageType.Reply)
                {
                    // a stray reply on the stream's serial: libvirt never sends one for an open stream
                    FailLocked(new LibvirtException(LibvirtErrorCode.Rpc, LibvirtErrorDomain.Rpc,
                        "unexpected reply on stream serial " + h.Serial + " (status " + h.Status + ")"));
                    return;
                }
                if (_discard || _failure != null) return;
                long blockedSince = 0, lastPing = 0;
                while (_queue.Count >= Bound() && !_discard && !_closing && _failure == null && !shutdown.IsCancellationRequested)
                {
                    // slices: a call made meanwhile raises the bound (its reply may be right behind), and keepalive
                    Monitor.Wait(_lock, 50);
                    long now = DateTime.UtcNow.Ticks;
                    if (blockedSince == 0) blockedSince = lastPing = now;
                    else if (now - lastPing >= BlockedPingInterval.Ticks)
                    {
                        lastPing = now;
                        _client.KeepAliveWhileBlocked();
                    }
                }
                if (_discard || _failure != null || shutdown.IsCancellationRequested) return;
                if (_closing)
                {
                    if (h.Type == RpcMessageType.Stream && h.Status != RpcStatus.Continue) CompleteClose(packet);
                    return;
                }
                _queue.Enqueue(packet);
                Monitor.PulseAll(_lock);
            }
        }

        // The soft bound, or the hard one while other calls on the connection wait for replies: the reader must reach
        // their replies, which the daemon queues behind at most a few packets of this stream.
        private int Bound() => _queue.Count < QueueCapacity || !_client.HasPendingCalls ? QueueCapacity : MaxQueueCapacity;

        private void CompleteClose(RpcPacket packet)
        {
            if (packet.Header.Status == RpcStatus.Error) _finishReply.TrySetException(RpcClient.DecodeError(packet));
            else _finishReply.TrySetResult(packet);
        }

        /// <summary>The connection died (or the client closed): the stream fails at once with that reason.</summary>
        internal void Fail(Exception reason)
        {
            lock (_lock) FailLocked(reason);
        }

        private void FailLocked(Exception reason)
        {
            if (_failure == null) _failure = reason;
            Volatile.Write(ref _done, 1);
            _finishReply.TrySetException(reason);
            Monitor.PulseAll(_lock);
        }

        // ------------------------------------------------------------------ consumer side: download

        /// <summary>
        /// The next piece of a download: data, a hole, or <see cref="RpcStreamChunk.End"/> when the daemon said OK
        /// (end of data). Waits up to <paramref name="timeout"/> for the daemon; throws its error, or the connection's.
        /// </summary>
        public RpcStreamChunk Receive(TimeSpan timeout, CancellationToken cancellationToken)
        {
            long deadline = DateTime.UtcNow.Ticks + timeout.Ticks;
            using (cancellationToken.Register(() => { lock (_lock) Monitor.PulseAll(_lock); }))
            {
                lock (_lock)
                {
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (_queue.Count > 0)
                        {
                            ReturnLast();
                            var packet = _queue.Dequeue();
                            _lastBuffer = packet.Buffer;
                            Monitor.PulseAll(_lock);
                            return ToChunk(packet);
                        }
                        if (_failure != null) throw Rethrow(_failure);
                        cancellationToken.ThrowIfCancellationRequested();
                        long left = deadline - DateTime.UtcNow.Ticks;
                        if (timeout != Timeout.InfiniteTimeSpan && left <= 0)
                        {
                            throw new LibvirtException(LibvirtErrorCode.OperationTimeout, LibvirtErrorDomain.Rpc,
                                "no stream data from the daemon within " + timeout.TotalSeconds + " s");
                        }
                        Monitor.Wait(_lock, timeout == Timeout.InfiniteTimeSpan ? 500 : (int)Math.Min(500, Math.Max(1, left / TimeSpan.TicksPerMillisecond)));
                    }
                }
            }
        }

        // The previous data slice is no longer used (Receive's contract): its pooled buffer goes back.
        private byte[]? _lastBuffer;

        private void ReturnLast()
        {
            var b = _lastBuffer;
            _lastBuffer = null;
            // only what the reader rented: large power-of-two arrays
            if (b == null || b.Length <= 65536 || (b.Length & (b.Length - 1)) != 0) return;
            try { System.Buffers.ArrayPool<byte>.Shared.Return(b); }
            catch (ArgumentException) { /* not a pool array after all */ }
        }

        private static RpcStreamChunk ToChunk(RpcPacket packet)
        {
            var h = packet.Header;
            if (h.Type == RpcMessageType.StreamHole)
            {
                var r = packet.PayloadReader();
                long length;
                try
                {
                    length = r.ReadInt64();
                    r.ReadUInt32(); // flags: none defined
                    r.EnsureEnd();
                }
                catch (XdrException e)
                {
                    throw new LibvirtException(LibvirtErrorCode.Rpc, LibvirtErrorDomain.Rpc, "malformed stream hole: " + e.Message, inner: e);
                }
                if (length < 0)
                    throw new LibvirtException(LibvirtErrorCode.Rpc, LibvirtErrorDomain.Rpc, "stream hole of negative length " + length);
                return RpcStreamChunk.Hole(length);
            }
            // the daemon's read EOF is an empty CONTINUE packet (virNetServerProgramSendStreamData with len 0);
            // an OK without data is the finish confirmation, which cannot arrive before our finish, but ends it too
            if (h.Status == RpcStatus.Ok || packet.PayloadLength == 0) return RpcStreamChunk.End;
            return RpcStreamChunk.Data(packet.Buffer, packet.PayloadOffset, packet.PayloadLength);
        }

        // ------------------------------------------------------------------ producer side: upload

        /// <summary>Sends bytes as data packets of at most <see cref="ChunkSize"/> (each write waits for the socket: back-pressure).</summary>
        public async Task SendAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                ThrowIfFailed();
                int n = Math.Min(count, ChunkSize);
                var bytes = RpcPacket.EncodeRaw(Header(RpcMessageType.Stream, RpcStatus.Continue), buffer, offset, n);
                await _client.WriteStreamPacketAsync(bytes, cancellationToken).ConfigureAwait(false);
                offset += n;
                count -= n;
            }
        }

        /// <summary>Bytes a caller reserves at the start of a buffer for <see cref="SendPacketAsync"/>: length word and header.</summary>
        public const int PacketOverhead = XdrLimits.LengthSize + XdrLimits.HeaderSize;

        /// <summary>
        /// Sends one data packet built in place: <paramref name="packet"/> holds <see cref="PacketOverhead"/> free bytes,
        /// then <paramref name="count"/> bytes of data (at most <see cref="ChunkSize"/>). The header is written into the
        /// buffer and the buffer is sent without a copy; the caller must not touch it until the returned task ends.
        /// </summary>
        public Task SendPacketAsync(byte[] packet, int count, CancellationToken cancellationToken)
        {
            if (count <= 0 || count > ChunkSize || packet.Length < PacketOverhead + count) throw new ArgumentOutOfRangeException(nameof(count));
            ThrowIfFailed();
            var w = new XdrWriter(PacketOverhead);
            w.WriteUInt32((uint)(PacketOverhead + count));
            Header(RpcMessageType.Stream, RpcStatus.Continue).WriteTo(w);
            System.Buffer.BlockCopy(w.Written.Array!, 0, packet, 0, PacketOverhead);
            return _client.WriteStreamPacketAsync(packet, 0, PacketOverhead + count, cancellationToken);
        }

        /// <summary>Sends a hole of <paramref name="length"/> bytes (sparse streams only: the daemon refuses it otherwise).</summary>
        public Task SendHoleAsync(long length, CancellationToken cancellationToken)
        {
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
            ThrowIfFailed();
            return _client.WriteStreamPacketAsync(EncodeHole(Header(RpcMessageType.StreamHole, RpcStatus.Continue), length), cancellationToken);
        }

        /// <summary>A STREAM_HOLE packet: header, then <c>{hyper length; unsigned int flags = 0}</c>.</summary>
        public static byte[] EncodeHole(RpcHeader header, long length)
        {
            var w = new XdrWriter(40);
            w.WriteUInt32(0);
            header.WriteTo(w);
            w.WriteInt64(length);
            w.WriteUInt32(0);
            w.PatchUInt32(0, (uint)w.Length);
            return w.ToArray();
        }

        /// <summary>
        /// The finish handshake (virStreamFinish): an empty STREAM OK, then the daemon's confirmation; the daemon's
        /// error (e.g. a failed write at its end) is thrown.
        /// </summary>
        public async Task FinishAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            ThrowIfFailed();
            lock (_lock)
            {
                _closing = true;
                // a download's queue is drained by now; anything left is dropped
                _queue.Clear();
                Monitor.PulseAll(_lock);
            }
            await _client.WriteStreamPacketAsync(RpcPacket.EncodeRaw(Header(RpcMessageType.Stream, RpcStatus.Ok), Array.Empty<byte>(), 0, 0),
                cancellationToken).ConfigureAwait(false);
            try
            {
                await WaitClose(timeout, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Complete();
            }
        }

        /// <summary>
        /// Aborts (virStreamAbort): an empty STREAM ERROR; data in flight is dropped; the daemon's confirmation is
        /// awaited briefly. Never throws for a stream that is already dead.
        /// </summary>
        public async Task AbortAsync(TimeSpan timeout)
        {
            bool send;
            lock (_lock)
            {
                send = _failure == null && !_closing;
                _discard = true;
                _closing = true;
                _queue.Clear();
                Monitor.PulseAll(_lock);
            }
            try
            {
                if (send && _client.IsAlive)
                {
                    await _client.WriteStreamPacketAsync(RpcPacket.EncodeRaw(Header(RpcMessageType.Stream, RpcStatus.Error), Array.Empty<byte>(), 0, 0),
                        CancellationToken.None).ConfigureAwait(false);
                    await WaitClose(timeout, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is LibvirtException || e is OperationCanceledException || e is TimeoutException)
            {
                // an abort is best effort: the daemon's "stream aborted" error or silence changes nothing
            }
            finally
            {
                Complete();
            }
        }

        private async Task WaitClose(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var reply = _finishReply.Task;
            var delay = Task.Delay(timeout, cancellationToken);
            var first = await Task.WhenAny(reply, delay).ConfigureAwait(false);
            if (first != reply)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new LibvirtException(LibvirtErrorCode.OperationTimeout, LibvirtErrorDomain.Rpc,
                    "the daemon did not confirm the end of the stream within " + timeout.TotalSeconds + " s");
            }
            await reply.ConfigureAwait(false);
        }

        private void Complete()
        {
            Volatile.Write(ref _done, 1);
            _client.RemoveStream(Serial, this);
        }

        private RpcHeader Header(RpcMessageType type, RpcStatus status) => new RpcHeader(Program, Version, Procedure, type, Serial, status);

        private void ThrowIfFailed()
        {
            lock (_lock)
            {
                if (_failure != null) throw Rethrow(_failure);
                if (_closing) throw new InvalidOperationException("the stream is finished or aborted");
            }
        }

        // a fresh exception per throw (the stored one may be thrown to several callers), same code and text
        private static Exception Rethrow(Exception e)
        {
            if (!(e is LibvirtException le)) return e;
            if (le.FromServer) return LibvirtException.FromRemote(le.Code, le.Domain, le.Detail, le.Level);
            return new LibvirtException(le.Code, le.Domain, le.Detail, le.Level, le) { Hint = le.Hint };
        }

        /// <summary>Aborts a stream that was neither finished nor aborted (best effort, short wait).</summary>
        public void Dispose()
        {
            if (IsDone) return;
            try { AbortAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult(); }
            catch (Exception) { /* disposal never throws */ }
        }
    }
}
