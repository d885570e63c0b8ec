// The unix transport keeps its socket descriptor blocking (BlockingNetworkStream): the RPC reader thread then waits in
// the kernel, not on the runtime's epoll thread. What that must not break: a dispose (a dead connection, a close)
// unblocks a reader waiting for data and really closes the socket, keepalive still declares a silent peer dead, and
// calls and their replies still flow both ways. A local unix listener plays the silent or echoing peer.
using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Rpc;
using LibvirtPS.Core.Transports;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Transports
{
    public sealed class UnixBlockingStreamTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "lvps-ubs-" + Guid.NewGuid().ToString("n").Substring(0, 8));
        private readonly Socket _listener;
        private readonly string _path;

        public UnixBlockingStreamTests()
        {
            Directory.CreateDirectory(_dir);
            _path = Path.Combine(_dir, "sock");
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(_path));
            _listener.Listen(4);
        }

        public void Dispose()
        {
            _listener.Dispose();
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private async Task<(Stream Client, Socket Peer)> ConnectAsync()
        {
            var plan = ConnectionPlanner.Plan("test+unix:///default?socket=" + _path);
            var accept = _listener.AcceptAsync();
            var client = await new UnixSocketTransport().ConnectAsync(plan, CancellationToken.None);
            return (client, await accept);
        }

        // the peer's side sees end of file once our descriptor is really closed
        private static bool PeerSeesEndOfFile(Socket peer, TimeSpan within)
        {
            peer.ReceiveTimeout = (int)within.TotalMilliseconds;
            var buffer = new byte[256];
            try
            {
                while (true)
                {
                    int n = peer.Receive(buffer);
                    if (n == 0) return true;
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                return false;
            }
            catch (SocketException)
            {
                return true; // reset: closed as well
            }
        }

        [SkippableFact(Timeout = 30000)]
        public async Task Dispose_UnblocksAReaderWaitingForData_AndClosesTheSocket()
        {
            Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "a unix listener in a temp folder");
            var (client, peer) = await ConnectAsync();
            using (peer)
            {
                Assert.IsType<BlockingNetworkStream>(client);
                var started = new ManualResetEventSlim();
                var reader = Task.Factory.StartNew(() =>
                {
                    started.Set();
                    try { return client.Read(new byte[64], 0, 64); }
                    catch (Exception e) when (e is IOException || e is ObjectDisposedException) { return -1; }
                }, TaskCreationOptions.LongRunning);
                started.Wait();
                await Task.Delay(200); // the reader is now in its blocking receive
                Assert.False(reader.IsCompleted);

                client.Dispose();
                var ended = await Task.WhenAny(reader, Task.Delay(5000));
                Assert.Same(reader, ended);
                Assert.True(PeerSeesEndOfFile(peer, TimeSpan.FromSeconds(5)), "the socket stayed open after Dispose");
            }
        }

        [SkippableFact(Timeout = 30000)]
        public async Task KeepAlive_SilentUnixPeer_DeclaredDead_AndTheSocketClosed()
        {
            Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "a unix listener in a temp folder");
            var (client, peer) = await ConnectAsync();
            using (peer)
            using (var rpc = new RpcClient(client, new RpcClientOptions { CallTimeout = TimeSpan.FromSeconds(20) }))
            {
                var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
                rpc.Closed += (_, reason) => closed.TrySetResult(reason);
                rpc.Start();
                rpc.StartKeepAlive(TimeSpan.FromSeconds(1), 1);
                var sw = Stopwatch.StartNew();
                // a call the peer never answers: failed by the keepalive verdict, not by its 20 s timeout
                var call = rpc.CallRawAsync(0x20008086, 1, 3, null, CancellationToken.None);
                var e = await Assert.ThrowsAsync<LibvirtException>(() => call);
                Assert.Contains("keepalive", e.Message);
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(6), "took " + sw.Elapsed);
                Assert.NotNull(await closed.Task);
                Assert.True(PeerSeesEndOfFile(peer, TimeSpan.FromSeconds(5)), "the socket stayed open after the keepalive verdict");
            }
        }

        [SkippableFact(Timeout = 30000)]
        public async Task WritesAndReads_FlowOnTheBlockingStream_FromManyThreads()
        {
            Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "a unix listener in a temp folder");
            var (client, peer) = await ConnectAsync();
            using (peer)
            using (client)
            {
                // the peer echoes everything; 8 writers each send 2,000 16-byte records through WriteAsync
                var echo = Task.Factory.StartNew(() =>
                {
                    var buffer = new byte[65536];
                    int n;
                    while ((n = peer.Receive(buffer)) > 0) peer.Send(buffer, 0, n, SocketFlags.None);
                }, TaskCreationOptions.LongRunning);
                const int Writers = 8, Records = 2000, Size = 16;
                var gate = new SemaphoreSlim(1, 1);
                var writers = new Task[Writers];
                for (int w = 0; w < Writers; w++)
                {
                    byte id = (byte)w;
                    writers[w] = Task.Run(async () =>
                    {
                        var record = new byte[Size];
                        for (int i = 0; i < Size; i++) record[i] = id;
                        for (int r = 0; r < Records; r++)
                        {
                            await gate.WaitAsync();
                            try { await client.WriteAsync(record, 0, Size); await client.FlushAsync(); }
                            finally { gate.Release(); }
                        }
                    });
                }
                var counts = new int[Writers];
                var got = new byte[Size];
                for (int r = 0; r < Writers * Records; r++)
                {
                    int have = 0;
                    while (have < Size)
                    {
                        int n = client.Read(got, have, Size - have);
                        Assert.NotEqual(0, n);
                        have += n;
                    }
                    Assert.All(got, b => Assert.Equal(got[0], b));
                    counts[got[0]]++;
                }
                await Task.WhenAll(writers);
                Assert.All(counts, c => Assert.Equal(Records, c));
            }
        }
    }
}
