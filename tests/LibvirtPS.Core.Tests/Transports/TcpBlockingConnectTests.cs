// The TCP transport connects with a blocking connect on a thread of its own, so the descriptor stays blocking
// (BlockingNetworkStream). What that must keep: the per-address connect timeout (a peer whose accept queue is full
// drops our SYN, so the connect waits), Ctrl+C, and a dispose that unblocks the reader.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Transports;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Transports
{
    public sealed class TcpBlockingConnectTests : IDisposable
    {
        private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Socket> _fillers = new List<Socket>();

        public TcpBlockingConnectTests()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        private int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

        public void Dispose()
        {
            foreach (var s in _fillers) s.Dispose();
            _listener.Dispose();
        }

        // Linux drops SYNs to a listener whose accept queue is full: a connect to it waits
        private void FillAcceptQueue()
        {
            _listener.Listen(0);
            for (int i = 0; i < 4; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                try { s.Connect(_listener.LocalEndPoint!); } catch (SocketException) { /* in progress */ }
                _fillers.Add(s);
            }
            Thread.Sleep(200);
        }

        [SkippableFact(Timeout = 30000)]
        public async Task ConnectTimeout_StillEndsTheWait_WithLibvirtsTimeoutMessage()
        {
            Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "relies on Linux dropping SYNs to a full accept queue");
            FillAcceptQueue();
            var plan = ConnectionPlanner.Plan("test+tcp://127.0.0.1:" + Port + "/default");
            var sw = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<LibvirtException>(() => new TcpTransport(TimeSpan.FromSeconds(1)).ConnectAsync(plan, CancellationToken.None));
            sw.Stop();
            Assert.Equal("unable to connect to server at '127.0.0.1:" + Port + "': Connection timed out", e.Detail);
            Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(900) && sw.Elapsed < TimeSpan.FromSeconds(4), "took " + sw.Elapsed);
        }

        [SkippableFact(Timeout = 30000)]
        public async Task Cancellation_EndsAWaitingConnect()
        {
            Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "relies on Linux dropping SYNs to a full accept queue");
            FillAcceptQueue();
            var plan = ConnectionPlanner.Plan("test+tcp://127.0.0.1:" + Port + "/default");
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var sw = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TcpTransport(TimeSpan.FromSeconds(20)).ConnectAsync(plan, cts.Token));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(4), "took " + sw.Elapsed);
        }

        [Fact(Timeout = 30000)]
        public async Task ConnectedStream_IsBlocking_AndDisposeUnblocksAWaitingReader()
        {
            _listener.Listen(4);
            var plan = ConnectionPlanner.Plan("test+tcp://127.0.0.1:" + Port + "/default");
            var accept = _listener.AcceptAsync();
            var client = await new TcpTransport(TimeSpan.FromSeconds(5)).ConnectAsync(plan, CancellationToken.None);
            using var peer = await accept;
            Assert.IsType<BlockingNetworkStream>(client);
            var reader = Task.Factory.StartNew(() =>
            {
                try { return client.Read(new byte[16], 0, 16); }
                catch (Exception e) when (e is IOException || e is ObjectDisposedException) { return -1; }
            }, TaskCreationOptions.LongRunning);
            await Task.Delay(200);
            Assert.False(reader.IsCompleted);
            client.Dispose();
            Assert.Same(reader, await Task.WhenAny(reader, Task.Delay(5000)));
            peer.ReceiveTimeout = 5000;
            Assert.Equal(0, peer.Receive(new byte[16])); // the peer sees our close
        }
    }
}
