using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>
    /// One libvirt RPC connection over a duplex stream: serials from 0, many calls in flight from many threads,
    /// one reader loop that routes each packet (replies to their waiting call by serial, events to subscribers,
    /// keepalive PINGs answered at once), keepalive as libvirt does it, a timeout on every call, and a dead
    /// peer failing every pending call at once. The socket layer knows no procedure.
    /// </summary>
    public sealed partial class RpcClient : IDisposable
    {
        private readonly Stream _stream;
        // Where calls are written (under _writeLock) and where the reader thread reads: the transport stream until
        // a SASL security layer is switched on, then a SaslFramedStream over it (see UseSecurityLayer).
        private Stream _writeStream;
        private Stream _readStream;
        private SaslFramedStream? _pendingReadLayer;
        private int _securityLayerOn;
        private readonly RpcClientOptions _options;
        private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1, 1);
        private readonly ConcurrentDictionary<uint, PendingCall> _pending = new ConcurrentDictionary<uint, PendingCall>();
        // replies of calls given up on (timeout, Ctrl+C) are dropped instead of killing the connection
        private readonly ConcurrentDictionary<uint, byte> _abandoned = new ConcurrentDictionary<uint, byte>();
        private readonly CancellationTokenSource _shutdown = new CancellationTokenSource();
        private long _nextSerial = -1;
        private int _closed;
        private Task? _readerTask;
        private Timer? _keepAliveTimer;
        private long _lastReceiveTicks;
        private int _keepAliveMissesLeft;
        private int _keepAliveCount;
        private TimeSpan _keepAliveInterval;
        private int _closeRequested;
        private Timer? _timeoutSweeper;
        private static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(100);
        // calls waiting to be written: whoever holds the write lock sends all of them in one write
        private readonly Queue<byte[]> _outbox = new Queue<byte[]>();
        private long _enqueued;
        private long _written;

        public RpcClient(Stream stream, RpcClientOptions? options = null)
        {
            _stream = stream;
            _writeStream = stream;
            _readStream = stream;
            _options = options ?? new RpcClientOptions();
            _lastReceiveTicks = DateTime.UtcNow.Ticks;
        }

        private void TraceLine(Func<string> line)
        {
            var trace = _options.Trace;
            if (trace != null && trace.Enabled) trace.Write(line());
        }

        /// <summary>False once closed or dead.</summary>
        public bool IsAlive => Volatile.Read(ref _closed) == 0;

        /// <summary>Why the connection ended (null while alive or after a normal close).</summary>
        public Exception? CloseReason { get; private set; }

        /// <summary>Raised once when the connection ends; the argument is the reason (null for a normal close).</summary>
        public event EventHandler<Exception?>? Closed;

        /// <summary>Asynchronous messages (events) of programs other than keepalive, raised on the reader thread.</summary>
        public event EventHandler<RpcPacket>? MessageReceived;

        /// <summary>Starts the reader loop; call once, before the first call.</summary>
        public void Start()
        {
            // a dedicated thread with blocking reads: each packet costs a system call but no thread-pool hop,
            // which dominates when thousands of small replies arrive
            _readerTask = Task.Factory.StartNew(ReadLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            _timeoutSweeper = new Timer(_ => SweepTimeouts(), null, SweepPeriod, SweepPeriod);
        }

        /// <summary>
        /// Starts libvirt's keepalive: after <paramref name="interval"/> without any packet from the peer, send a
        /// PING; after <paramref name="count"/> PINGs without an answer the connection is dead
        /// (interval × (count + 1) of silence). Interval zero or less: off.
        /// </summary>
        public void StartKeepAlive(TimeSpan interval, int count)
        {
            if (interval <= TimeSpan.Zero || !IsAlive) return;
            _keepAliveInterval = interval;
            _keepAliveCount = count;
            Interlocked.Exchange(ref _keepAliveMissesLeft, count);
            Interlocked.Exchange(ref _lastReceiveTicks, DateTime.UtcNow.Ticks);
            _keepAliveTimer = new Timer(_ => KeepAliveTick(), null, interval, Timeout.InfiniteTimeSpan);
        }

        // Re-armed after every check for the moment the link will have been idle for a whole interval, as
        // libvirt's virKeepAliveTimer does: a PING after interval s of silence, dead after interval × (count + 1).
        private void KeepAliveTick()
        {
            if (!IsAlive) return;
            var interval = _keepAliveInterval;
            var idle = TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastReceiveTicks));
            if (idle < interval)
            {
                Rearm(interval - idle);
                return;
            }
            if (Interlocked.Decrement(ref _keepAliveMissesLeft) < 0)
            {
                Fail(new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc,
                    "connection closed due to keepalive timeout")
                {
                    Hint = "The peer sent nothing for " + (interval.TotalSeconds * (_keepAliveCount + 1)) + " s; the host or the network is down, or the daemon hangs.",
                });
                return;
            }
            TraceLine(() => "keepalive: " + idle.TotalSeconds.ToString("0.#") + " s idle, PING");
            _ = SendMessageAsync(KeepAliveProgram.Program, KeepAliveProgram.Version, (int)KeepAliveProcedure.Ping, CancellationToken.None);
            Rearm(interval);
        }

        private void Rearm(TimeSpan due)
        {
            try
            {
                _keepAliveTimer?.Change(due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // closed meanwhile
            }
        }

        /// <summary>
        /// Says a close was asked for (CONNECT_CLOSE is being sent): the peer hanging up after it is a normal
        /// close, not a dead connection.
        /// </summary>
        public void BeginClose() => Volatile.Write(ref _closeRequested, 1);

        /// <summary>
        /// Calls a procedure and waits for its reply (or error, or the timeout, or cancellation). Safe from any
        /// thread; calls are written in order and their replies matched by serial, so callers that issue many
        /// calls without awaiting each pipeline them on the connection.
        /// </summary>
        public async Task<TRet> CallAsync<TArgs, TRet>(uint program, uint version, int procedure, TArgs args,
            CancellationToken cancellationToken, TimeSpan? timeout = null)
            where TArgs : IXdrSerializable
            where TRet : IXdrSerializable, new()
        {
            var packet = await CallRawAsync(program, version, procedure, args, cancellationToken, timeout).ConfigureAwait(false);
            var reader = packet.PayloadReader();
            var ret = new TRet();
            try
            {
                ret.ReadFrom(reader);
                reader.EnsureEnd();
            }
            catch (XdrException e)
            {
                throw ProtocolError("malformed reply to procedure " + procedure + ": " + e.Message, e);
            }
            return ret;
        }

        /// <summary>Calls and returns the raw OK reply packet (an error reply is thrown as LibvirtException).</summary>
        public Task<RpcPacket> CallRawAsync(uint program, uint version, int procedure, IXdrSerializable? args,
            CancellationToken cancellationToken, TimeSpan? timeout = null) =>
            CallRawAsync(program, version, procedure, args, cancellationToken, timeout, null);

        // onSerial runs before the call is written (a stream registers itself there: its data may follow the reply at once)
        private async Task<RpcPacket> CallRawAsync(uint program, uint version, int procedure, IXdrSerializable? args,
            CancellationToken cancellationToken, TimeSpan? timeout, Action<uint>? onSerial)
        {
            ThrowIfClosed();
            uint serial = unchecked((uint)Interlocked.Increment(ref _nextSerial));
            onSerial?.Invoke(serial);
            var call = new SingleCall(program, version, procedure);
            _pending[serial] = call;
            byte[] bytes;
            try
            {
                bytes = RpcPacket.Encode(new RpcHeader(program, version, procedure, RpcMessageType.Call, serial, RpcStatus.Ok), args);
            }
            catch
            {
                _pending.TryRemove(serial, out _);
                throw;
            }

            // the timeout is enforced by one sweeper for all calls (no timer and token source per call)
            var effectiveTimeout = timeout ?? _options.CallTimeout;
            if (effectiveTimeout > TimeSpan.Zero && effectiveTimeout != Timeout.InfiniteTimeSpan)
            {
                call.Timeout = effectiveTimeout;
                call.DeadlineTicks = DateTime.UtcNow.Ticks + effectiveTimeout.Ticks;
            }
            var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.Register(() => call.Completion.TrySetCanceled())
                : default(CancellationTokenRegistration);
            using (registration)
            {
                try
                {
                    TraceLine(() => "-> call prog 0x" + program.ToString("x8") + " proc " + procedure + " serial " + serial + " (" + bytes.Length + " bytes)");
                    await WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    return await call.Completion.Task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    if (_pending.TryRemove(serial, out _)) _abandoned[serial] = 0;
                    ThrowIfClosed();
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }

        // Fails the single calls whose deadline has passed; their late replies are then dropped.
        private void SweepTimeouts()
        {
            if (!IsAlive) return;
            long now = DateTime.UtcNow.Ticks;
            foreach (var entry in _pending)
            {
                if (!(entry.Value is SingleCall call) || call.DeadlineTicks == 0 || now < call.DeadlineTicks) continue;
                if (!_pending.TryRemove(entry.Key, out _)) continue;
                _abandoned[entry.Key] = 0;
                call.Fail(new LibvirtException(LibvirtErrorCode.OperationTimeout, LibvirtErrorDomain.Rpc,
                    "no reply to procedure " + call.Procedure + " within " + call.Timeout.TotalSeconds + " s")
                {
                    Hint = "The daemon is slow or stuck; raise -Timeout, or check the host.",
                });
            }
        }

        /// <summary>
        /// Many calls of one procedure written in a single send (bulk work: one system call instead of one per
        /// call), then awaited together. Each result is the reply or the error of its own call.
        /// </summary>
        public async Task<RpcResult<TRet>[]> CallManyAsync<TArgs, TRet>(uint program, uint version, int procedure, IReadOnlyList<TArgs> args,
            CancellationToken cancellationToken, TimeSpan? timeout = null)
            where TArgs : IXdrSerializable
            where TRet : IXdrSerializable, new()
        {
            ThrowIfClosed();
            var batch = new Batch(args.Count);
            var serials = new uint[args.Count];
            var w = new XdrWriter(args.Count * 64);
            for (int i = 0; i < args.Count; i++)
            {
                serials[i] = unchecked((uint)Interlocked.Increment(ref _nextSerial));
                int start = w.Length;
                w.WriteUInt32(0);
                new RpcHeader(program, version, procedure, RpcMessageType.Call, serials[i], RpcStatus.Ok).WriteTo(w);
                args[i].WriteTo(w);
                w.PatchUInt32(start, (uint)(w.Length - start));
            }
            for (int i = 0; i < args.Count; i++) _pending[serials[i]] = new BatchCall(program, version, procedure, batch, i);

            var effectiveTimeout = timeout ?? _options.CallTimeout;
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (effectiveTimeout > TimeSpan.Zero && effectiveTimeout != Timeout.InfiniteTimeSpan) linked.CancelAfter(effectiveTimeout);
                using (linked.Token.Register(() => batch.Done.TrySetCanceled()))
                {
                    TraceLine(() => "-> " + args.Count + " calls of prog 0x" + program.ToString("x8") + " proc " + procedure +
                        " serials " + (args.Count > 0 ? serials[0] + ".." + serials[args.Count - 1] : "-") + " in one write (" + w.Length + " bytes)");
                    try
                    {
                        var written = w.Written;
                        await WriteAsync(written.Array!, written.Offset, written.Count, linked.Token).ConfigureAwait(false);
                        await batch.Done.Task.ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        for (int i = 0; i < serials.Length; i++)
                        {
                            if (_pending.TryRemove(serials[i], out _)) _abandoned[serials[i]] = 0;
                        }
                        ThrowIfClosed();
                        if (linked.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                        {
                            throw new LibvirtException(LibvirtErrorCode.OperationTimeout, LibvirtErrorDomain.Rpc,
                                "no reply to " + args.Count + " calls of procedure " + procedure + " within " + effectiveTimeout.TotalSeconds + " s");
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                        throw;
                    }
                }
            }
            TraceLine(() => "<- " + args.Count + " replies to proc " + procedure);

            var results = new RpcResult<TRet>[args.Count];
            for (int i = 0; i < results.Length; i++)
            {
                if (batch.Errors[i] != null)
                {
                    results[i] = new RpcResult<TRet>(default, batch.Errors[i]);
                    continue;
                }
                var reader = batch.Packets[i]!.PayloadReader();
                var ret = new TRet();
                try
                {
                    ret.ReadFrom(reader);
                    reader.EnsureEnd();
                }
                catch (XdrException e)
                {
                    throw ProtocolError("malformed reply to procedure " + procedure + ": " + e.Message, e);
                }
                results[i] = new RpcResult<TRet>(ret, null);
            }
            return results;
        }

        /// <summary>Sends an asynchronous MESSAGE (keepalive) without waiting for anything.</summary>
        private async Task SendMessageAsync(uint program, uint version, int procedure, CancellationToken cancellationToken)
        {
            try
            {
                var bytes = RpcPacket.Encode(new RpcHeader(program, version, procedure, RpcMessageType.Message, 0, RpcStatus.Ok), null);
                await WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is LibvirtException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                // the reader loop reports the dead connection
            }
        }

        private Task WriteAsync(byte[] bytes, int offset, int count, CancellationToken cancellationToken)
        {
            if (offset == 0 && count == bytes.Length) return WriteAsync(bytes, cancellationToken);
            var copy = new byte[count];
            Buffer.BlockCopy(bytes, offset, copy, 0, count);
            return WriteAsync(copy, cancellationToken);
        }

        // Many threads calling at once: each packet goes into the outbox, and the thread that gets the write lock
        // sends everything queued so far in one write; the others find theirs already sent.
        private async Task WriteAsync(byte[] packet, CancellationToken cancellationToken)
        {
            long mine;
            lock (_outbox)
            {
                _outbox.Enqueue(packet);
                mine = ++_enqueued;
            }
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Interlocked.Read(ref _written) >= mine) return;
                ThrowIfClosed();
                byte[] data;
                long last;
                lock (_outbox)
                {
                    last = _enqueued;
                    if (_outbox.Count == 1)
                    {
                        data = _outbox.Dequeue();
                    }
                    else
                    {
                        int total = 0;
                        foreach (var p in _outbox) total += p.Length;
                        data = new byte[total];
                        int at = 0;
                        while (_outbox.Count > 0)
                        {
                            var p = _outbox.Dequeue();
                            Buffer.BlockCopy(p, 0, data, at, p.Length);
                            at += p.Length;
                        }
                    }
                }
                var stream = _writeStream;
                await stream.WriteAsync(data, 0, data.Length, _shutdown.Token).ConfigureAwait(false);
                await stream.FlushAsync(_shutdown.Token).ConfigureAwait(false);
                Interlocked.Exchange(ref _written, last);
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is System.Net.Sockets.SocketException)
            {
                var error = ConnectionLost("Cannot write data: " + Describe(e), e);
                Fail(error);
                // the first failure is the connection's reason: when the reader saw the end first (and kept what the
                // peer said, e.g. an ext/ssh child's stderr), the write's "Broken pipe" is only its echo
                ThrowIfClosed();
                throw error;
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
            {
                ThrowIfClosed();
                throw;
            }
            finally
            {
                _writeLock.Release();
            }
        }

        // The reader takes what the socket has in large reads and cuts packets out of it, so a burst of replies
        // costs a few system calls instead of two per packet.
        private const int ReadChunk = 65536;

        private void ReadLoop()
        {
            var buffer = new byte[ReadChunk];
            int start = 0, end = 0;
            try
            {
                while (IsAlive)
                {
                    // the length word
                    while (end - start < 4)
                    {
                        if (!Fill()) { EndOfStream(); return; }
                    }
                    uint length = (uint)(buffer[start] << 24 | buffer[start + 1] << 16 | buffer[start + 2] << 8 | buffer[start + 3]);
                    int bodyLength;
                    try
                    {
                        bodyLength = RpcPacket.CheckLength(length);
                    }
                    catch (XdrException e)
                    {
                        Fail(ProtocolError(e.Message, e));
                        return;
                    }
                    start += 4;

                    // the body: copied out, because the packet outlives the buffer
                    // large bodies (stream data) come from a pool; a stream hands its buffers back (RpcStream.Receive)
                    var body = bodyLength > ReadChunk ? System.Buffers.ArrayPool<byte>.Shared.Rent(bodyLength) : new byte[bodyLength];
                    int have = Math.Min(end - start, bodyLength);
                    Buffer.BlockCopy(buffer, start, body, 0, have);
                    start += have;
                    if (have < bodyLength)
                    {
                        start = end = 0;
                        if (!ReadExactly(body, have, bodyLength - have)) { EndOfStream(); return; }
                    }
                    Interlocked.Exchange(ref _lastReceiveTicks, DateTime.UtcNow.Ticks);
                    Interlocked.Exchange(ref _keepAliveMissesLeft, _keepAliveCount);
                    Dispatch(RpcPacket.DecodeBody(body, bodyLength));
                }
            }
            catch (EndOfStreamException e)
            {
                // a transport that knows why the peer went away (a child's stderr) reports it as end of file
                if (Volatile.Read(ref _closeRequested) != 0) Dispose();
                else Fail(ConnectionLost("End of file while reading data: " + e.Message, e));
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is System.Net.Sockets.SocketException || e is OperationCanceledException)
            {
                if (Volatile.Read(ref _closeRequested) != 0) Dispose();
                else Fail(ConnectionLost("Cannot recv data: " + Describe(e), e));
            }
            catch (LibvirtException e)
            {
                // the SASL layer refused a frame (bad MAC, sequence number, frame length) or data came unprotected
                Fail(e);
            }
            catch (Exception e)
            {
                // a bug in dispatch must not leave callers hanging
                Fail(ProtocolError("internal error in the reader: " + e.Message, e));
            }

            bool Fill()
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int n = ReadSome(buffer, end, buffer.Length - end, atPacketBoundary: end == 0);
                if (n == 0) return false;
                end += n;
                return true;
            }
        }

        /// <summary>
        /// Switches the connection to a negotiated SASL security layer (DIGEST-MD5 auth-int/auth-conf, GSSAPI):
        /// from now on every byte in both directions is framed and protected by <paramref name="layer"/>
        /// (libvirt's virNetClientSetSASLSession; facts §6.4).
        /// <para>
        /// Call it exactly once, from the continuation of the final AUTH_SASL_START/STEP reply (the one with
        /// complete = 1, after the mechanism has checked it), before anything else is written, with no other call
        /// in flight and keepalive not yet started. Why no byte goes through the wrong layer:
        /// </para>
        /// <list type="bullet">
        /// <item>Writes: the switch takes the write lock, so no call is half-written on the raw stream; every
        /// write after this method returns goes through the layer.</item>
        /// <item>Reads: the daemon switches right after writing the final reply and sends nothing until our next
        /// call (before auth it has no keepalive, events or other replies to send). So every byte that arrives after
        /// the final reply is framed — and it can only arrive after our next (framed) call, i.e. after this method
        /// has published the pending layer. The reader thread may at this moment be blocked in a Read on the raw
        /// stream (it went back to reading right after dispatching the final reply). It therefore checks for a
        /// pending layer before each Read and again when a raw Read returns: bytes a raw Read returns while a
        /// layer is pending are the first framed bytes and are handed to the framed stream
        /// (<see cref="SaslFramedStream.AddReceivedBytes"/>) instead of being taken as plaintext. Since the final
        /// reply was read completely before its continuation could run, no plaintext byte is ever fed to the
        /// layer, and no framed byte is ever taken as plaintext.</item>
        /// <item>A daemon that sent unprotected bytes after the final reply (leftover bytes in the reader's buffer
        /// when the switch happens) is a protocol error; the connection fails.</item>
        /// </list>
        /// </summary>
        public void UseSecurityLayer(ISaslSecurityLayer layer)
        {
            if (layer == null) throw new ArgumentNullException(nameof(layer));
            ThrowIfClosed();
            if (!_pending.IsEmpty) throw new InvalidOperationException("a SASL security layer can only be switched on while no call is in flight");
            if (_keepAliveTimer != null) throw new InvalidOperationException("a SASL security layer must be switched on before keepalive starts");
            if (Interlocked.Exchange(ref _securityLayerOn, 1) != 0) throw new InvalidOperationException("a SASL security layer is already in use");
            var framed = new SaslFramedStream(_stream, layer, leaveOpen: true);
            // the reader first: it must be in place before any framed call can provoke a framed reply
            Volatile.Write(ref _pendingReadLayer, framed);
            _writeLock.Wait();
            try
            {
                _writeStream = framed;
            }
            finally
            {
                _writeLock.Release();
            }
            TraceLine(() => "SASL security layer on (SSF " + layer.Ssf + ", at most " + layer.MaxPlaintext + " bytes per frame)");
        }

        // Reader thread only: one Read through the current read stream, switching to the pending SASL layer first
        // when there is one, or right after a raw Read that returned bytes which arrived after the switch.
        private int ReadSome(byte[] target, int offset, int count, bool atPacketBoundary)
        {
            while (true)
            {
                var pending = Volatile.Read(ref _pendingReadLayer);
                if (pending != null) SwitchReader(pending, null, 0, 0, atPacketBoundary);
                var stream = _readStream;
                int n = stream.Read(target, offset, count);
                if (n <= 0 || !ReferenceEquals(stream, _stream)) return n;
                pending = Volatile.Read(ref _pendingReadLayer);
                if (pending == null) return n;
                // this Read started on the raw stream before the switch; what it returned is the first framed data
                SwitchReader(pending, target, offset, n, atPacketBoundary);
            }
        }

        private void SwitchReader(SaslFramedStream framed, byte[]? raw, int offset, int count, bool atPacketBoundary)
        {
            if (!atPacketBoundary)
                throw ProtocolError("the daemon sent unprotected data after the SASL negotiation ended", null);
            if (raw != null) framed.AddReceivedBytes(raw, offset, count);
            _readStream = framed;
            Volatile.Write(ref _pendingReadLayer, null);
            TraceLine(() => "reader: SASL security layer on" + (raw != null ? " (" + count + " bytes already received)" : ""));
        }

        private void EndOfStream()
        {
            if (Volatile.Read(ref _closeRequested) != 0) Dispose();
            else Fail(ConnectionLost("End of file while reading data: Input/output error", null));
        }

        private bool ReadExactly(byte[] target, int offset, int count)
        {
            int read = 0;
            while (read < count)
            {
                int n = ReadSome(target, offset + read, count - read, atPacketBoundary: false);
                if (n == 0) return false;
                read += n;
            }
            return true;
        }

        private void Dispatch(RpcPacket packet)
        {
            var h = packet.Header;
            switch (h.Type)
            {
                case RpcMessageType.Reply:
                case RpcMessageType.ReplyWithFds:
                    DispatchReply(packet);
                    return;
                case RpcMessageType.Message:
                    if (h.Program == KeepAliveProgram.Program && h.Version == KeepAliveProgram.Version)
                    {
                        if (h.Procedure == (int)KeepAliveProcedure.Ping)
                        {
                            TraceLine(() => "<- keepalive PING, answering PONG");
                            // from the thread pool: a blocking socket write must never stop the reader (see SendKeepAliveFromPool)
                            SendKeepAliveFromPool(KeepAliveProcedure.Pong);
                        }
                        return;
                    }
                    TraceLine(() => "<- message prog 0x" + h.Program.ToString("x8") + " proc " + h.Procedure);
                    MessageReceived?.Invoke(this, packet);
                    return;
                case RpcMessageType.Stream:
                case RpcMessageType.StreamHole:
                    if (DispatchStream(packet)) return;
                    // a stray stream packet for an abandoned call is dropped
                    if (_abandoned.ContainsKey(h.Serial)) return;
                    Fail(ProtocolError("unexpected stream packet for serial " + h.Serial, null));
                    return;
                default:
                    Fail(ProtocolError("got unexpected RPC call prog " + h.Program + " vers " + h.Version + " proc " + h.Procedure + " type " + (int)h.Type, null));
                    return;
            }
        }

        private void DispatchReply(RpcPacket packet)
        {
            var h = packet.Header;
            if (!_pending.TryRemove(h.Serial, out var call))
            {
                if (_abandoned.TryRemove(h.Serial, out _)) return;
                Fail(ProtocolError("no call waiting for reply with prog " + h.Program + " vers " + h.Version + " serial " + h.Serial, null));
                return;
            }
            if (h.Program != call.Program || h.Version != call.Version || h.Procedure != call.Procedure)
            {
                var e = ProtocolError("reply with serial " + h.Serial + " is for prog " + h.Program + " proc " + h.Procedure +
                    ", but the call was prog " + call.Program + " proc " + call.Procedure, null);
                call.Fail(e);
                Fail(e);
                return;
            }
            TraceLine(() => "<- reply serial " + h.Serial + " proc " + h.Procedure + " " + h.Status + " (" + (packet.PayloadLength + 28) + " bytes)");
            switch (h.Status)
            {
                case RpcStatus.Ok:
                    call.Succeed(packet);
                    return;
                case RpcStatus.Error:
                    call.Fail(DecodeError(packet));
                    return;
                default:
                    call.Fail(ProtocolError("reply with status " + h.Status + " to a call", null));
                    return;
            }
        }

        /// <summary>An error payload as libvirt's client reports it (virNetClientProgramDispatchError).</summary>
        internal static LibvirtException DecodeError(RpcPacket packet)
        {
            var error = new RemoteError();
            try
            {
                var r = packet.PayloadReader();
                error.ReadFrom(r);
            }
            catch (XdrException e)
            {
                return ProtocolError("malformed error reply: " + e.Message, e);
            }
            int code = error.Code;
            var domain = (LibvirtErrorDomain)error.Domain;
            string message = error.Message ?? "unknown error";
            // "unknown procedure" from the remote/RPC layer means the daemon is too old for the call
            if ((domain == LibvirtErrorDomain.Remote || domain == LibvirtErrorDomain.Rpc) && code == (int)LibvirtErrorCode.Rpc &&
                error.Level == (int)LibvirtErrorLevel.Error && message.StartsWith("unknown procedure", StringComparison.Ordinal))
            {
                code = (int)LibvirtErrorCode.NoSupport;
            }
            // libvirt 0.8.0 renumbered a few codes; servers older than that send the old numbers
            if ((code == 61 || code == 62 || code == 63) && domain != LibvirtErrorDomain.Nwfilter) code += 4;
            else if (code == 64 && domain == LibvirtErrorDomain.Qemu) code += 4;
            else if (code == 65 && domain == LibvirtErrorDomain.Xen) code += 4;
            // the server sends the full rendered message; keep it as is
            return LibvirtException.FromRemote((LibvirtErrorCode)code, domain, message, (LibvirtErrorLevel)error.Level);
        }

        private static LibvirtException ProtocolError(string detail, Exception? inner) =>
            new LibvirtException(LibvirtErrorCode.Rpc, LibvirtErrorDomain.Rpc, detail, inner: inner);

        private static LibvirtException ConnectionLost(string detail, Exception? inner) =>
            new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc, detail, inner: inner)
            {
                Hint = "The connection to the daemon is gone; reconnect with Connect-Libvirt.",
            };

        private static string Describe(Exception e)
        {
            if (e is System.Net.Sockets.SocketException se) return se.Message;
            // .NET wraps socket errors ("Unable to write data ...: Broken pipe."): libvirt shows the errno text alone;
            // a transport that added what it knows (a child's stderr before the errno) keeps its whole message
            if (e.InnerException is System.Net.Sockets.SocketException ie)
                return e.Message.Length > ie.Message.Length && e.Message.EndsWith(ie.Message, StringComparison.Ordinal) ? e.Message : ie.Message;
            return e.Message;
        }

        private void ThrowIfClosed()
        {
            if (IsAlive) return;
            if (CloseReason is LibvirtException le)
                throw new LibvirtException(le.Code, le.Domain, le.Detail, inner: le) { Hint = le.Hint };
            throw new LibvirtException(LibvirtErrorCode.InvalidConn, LibvirtErrorDomain.Rpc, "client socket is closed")
            {
                Hint = "The connection was closed; open a new one with Connect-Libvirt.",
            };
        }

        /// <summary>Ends the connection with an error: every pending call fails at once with it.</summary>
        private void Fail(Exception reason)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0) return;
            CloseReason = reason;
            TraceLine(() => "connection closed: " + reason.Message);
            Shutdown(reason);
        }

        private void Shutdown(Exception? reason)
        {
            _keepAliveTimer?.Dispose();
            _timeoutSweeper?.Dispose();
            try { _shutdown.Cancel(); } catch (ObjectDisposedException) { }
            try { _stream.Dispose(); } catch (Exception) { /* closing a broken stream may throw; it is closed either way */ }
            var failure = reason ?? new LibvirtException(LibvirtErrorCode.InvalidConn, LibvirtErrorDomain.Rpc, "client socket is closed");
            foreach (var serial in _pending.Keys)
            {
                if (_pending.TryRemove(serial, out var call)) call.Fail(failure);
            }
            FailStreams(failure);
            Closed?.Invoke(this, reason);
        }

        /// <summary>Closes the stream (a normal close; CONNECT_CLOSE is the driver's business).</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0) return;
            Shutdown(null);
        }

        /// <summary>A call waiting for its reply: one awaited call, or one slot of a batch.</summary>
        private abstract class PendingCall
        {
            protected PendingCall(uint program, uint version, int procedure)
            {
                Program = program;
                Version = version;
                Procedure = procedure;
            }

            public uint Program { get; }
            public uint Version { get; }
            public int Procedure { get; }
            public abstract void Succeed(RpcPacket packet);
            public abstract void Fail(Exception error);
        }

        private sealed class SingleCall : PendingCall
        {
            public SingleCall(uint program, uint version, int procedure) : base(program, version, procedure) { }

            public TaskCompletionSource<RpcPacket> Completion { get; } =
                new TaskCompletionSource<RpcPacket>(TaskCreationOptions.RunContinuationsAsynchronously);

            /// <summary>UTC ticks after which the sweeper fails the call (0: no limit).</summary>
            public long DeadlineTicks { get; set; }
            public TimeSpan Timeout { get; set; }

            public override void Succeed(RpcPacket packet) => Completion.TrySetResult(packet);
            public override void Fail(Exception error) => Completion.TrySetException(error);
        }

        /// <summary>
        /// A batch completes once, when its last reply arrives: no task per call, which matters when thousands
        /// of replies arrive on the reader thread.
        /// </summary>
        private sealed class Batch
        {
            private int _remaining;

            public Batch(int count)
            {
                Packets = new RpcPacket?[count];
                Errors = new LibvirtException?[count];
                _remaining = count;
                if (count == 0) Done.TrySetResult(true);
            }

            public RpcPacket?[] Packets { get; }
            public LibvirtException?[] Errors { get; }
            public TaskCompletionSource<bool> Done { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public void Set(int index, RpcPacket? packet, LibvirtException? error)
            {
                Packets[index] = packet;
                Errors[index] = error;
                if (Interlocked.Decrement(ref _remaining) == 0) Done.TrySetResult(true);
            }
        }

        private sealed class BatchCall : PendingCall
        {
            private readonly Batch _batch;
            private readonly int _index;

            public BatchCall(uint program, uint version, int procedure, Batch batch, int index) : base(program, version, procedure)
            {
                _batch = batch;
                _index = index;
            }

            public override void Succeed(RpcPacket packet) => _batch.Set(_index, packet, null);

            // the daemon's error for this call is this slot's result; anything else (a dead connection) fails the batch
            public override void Fail(Exception error)
            {
                if (error is LibvirtException le && le.FromServer) _batch.Set(_index, null, le);
                else _batch.Done.TrySetException(error);
            }
        }
    }
}
