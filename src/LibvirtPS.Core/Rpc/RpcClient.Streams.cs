using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Protocol;

namespace LibvirtPS.Core.Rpc
{
    // The stream part of the RPC client: opening a stream with a call, routing its packets, failing it with the
    // connection. The stream's own protocol (data, holes, finish, abort) is RpcStream's.
    public sealed partial class RpcClient
    {
        private readonly ConcurrentDictionary<uint, RpcStream> _streams = new ConcurrentDictionary<uint, RpcStream>();

        /// <summary>
        /// Makes a call that opens a stream (STORAGE_VOL_UPLOAD/DOWNLOAD, DOMAIN_SCREENSHOT, ...): the stream is
        /// registered under the call's serial before the call is written, so data the daemon sends right after its
        /// reply is never lost. Returns the stream and the reply (an error reply is thrown and no stream stays).
        /// </summary>
        public async Task<(RpcStream Stream, RpcPacket Reply)> OpenStreamAsync(uint program, uint version, int procedure, IXdrSerializable? args,
            CancellationToken cancellationToken, TimeSpan? timeout = null)
        {
            RpcStream? stream = null;
            try
            {
                var reply = await CallRawAsync(program, version, procedure, args, cancellationToken, timeout, serial =>
                {
                    stream = new RpcStream(this, program, version, procedure, serial);
                    _streams[serial] = stream;
                }).ConfigureAwait(false);
                TraceLine(() => "stream opened on serial " + stream!.Serial + " by proc " + procedure);
                return (stream!, reply);
            }
            catch
            {
                if (stream != null) _streams.TryRemove(stream.Serial, out _);
                throw;
            }
        }

        /// <summary>The open stream count (tests: a finished or aborted stream leaves nothing behind).</summary>
        public int OpenStreamCount => _streams.Count;

        internal Task WriteStreamPacketAsync(byte[] packet, CancellationToken cancellationToken) => WriteAsync(packet, cancellationToken);

        internal Task WriteStreamPacketAsync(byte[] packet, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(packet, offset, count, cancellationToken);

        internal void RemoveStream(uint serial, RpcStream stream)
        {
            if (_streams.TryGetValue(serial, out var s) && ReferenceEquals(s, stream)) _streams.TryRemove(serial, out _);
        }

        // Reader thread: a STREAM/STREAM_HOLE packet goes to its stream (which may block when its queue is full).
        private bool DispatchStream(RpcPacket packet)
        {
            var h = packet.Header;
            if (!_streams.TryGetValue(h.Serial, out var stream)) return false;
            // data packets are many: only the others (holes, end, errors) are traced
            if (h.Type != RpcMessageType.Stream || h.Status != RpcStatus.Continue)
                TraceLine(() => "<- stream serial " + h.Serial + " " + h.Type + " " + h.Status + " (" + packet.PayloadLength + " bytes)");
            stream.Deliver(packet, _shutdown.Token);
            return true;
        }

        // The reader thread never writes to the socket itself: with a blocking socket (BlockingNetworkStream) a write
        // waits while the daemon does not read, and the daemon stops reading when its replies to us pile up unread.
        private void SendKeepAliveFromPool(KeepAliveProcedure procedure) => SendMessageInBackground((int)procedure);

        /// <summary>Other calls wait for replies (a full stream queue then lets the reader read on to reach them).</summary>
        internal bool HasPendingCalls => !_pending.IsEmpty;

        /// <summary>
        /// Reader thread, waiting on a stream's full queue (a slow consumer): the socket is not read meanwhile, so
        /// neither side's keepalive would hear from the other. The daemon is alive (its data waits for us), so our own
        /// keepalive clock is reset; and a PING tells the daemon we are alive (its keepalive counts any packet from
        /// us; without one it drops the connection after keepalive_interval × (keepalive_count + 1), 30 s by
        /// default). Its PONG is read once the consumer catches up. A dead daemon shows as a failed write.
        /// </summary>
        internal void KeepAliveWhileBlocked()
        {
            Interlocked.Exchange(ref _lastReceiveTicks, DateTime.UtcNow.Ticks);
            Interlocked.Exchange(ref _keepAliveMissesLeft, _keepAliveCount);
            if (!IsAlive) return;
            TraceLine(() => "stream queue full, reader waiting: keepalive PING to the daemon");
            SendKeepAliveFromPool(KeepAliveProcedure.Ping);
        }

        private void FailStreams(Exception failure)
        {
            foreach (var serial in _streams.Keys)
            {
                if (_streams.TryRemove(serial, out var stream)) stream.Fail(failure);
            }
        }
    }
}
