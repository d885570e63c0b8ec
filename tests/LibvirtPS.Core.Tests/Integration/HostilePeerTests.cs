// Hostile peers (issue 9): a server that trickles one byte at a time, and many failing connections in a row.
// Each gets a clear error within its time bound, and nothing is left behind: no reader thread, no socket.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class HostilePeerTests
    {
        private static readonly byte[] AuthListReplyNone =
            Convert.FromHexString("000000242000808600000001000000420000000100000000000000000000000100000000");

        // writes a reply one byte every 200 ms: 36 bytes take 7 s, far over the 2 s budget
        private static Func<FakeRpcConnection, CancellationToken, Task> Slowloris => async (c, ct) =>
        {
            await c.ReadNextCallAsync(ct);
            foreach (byte b in AuthListReplyNone)
            {
                await c.WriteAsync(new[] { b }, ct);
                await Task.Delay(200, ct);
            }
            await c.SwallowAsync(ct);
        };

        [Fact(Timeout = 30000)]
        public async Task Slowloris_OpenFailsWithinTheTimeout()
        {
            using var server = new FakeRpcServer(Slowloris);
            var plan = ConnectionPlanner.Plan(server.TcpUri);
            var sw = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<LibvirtException>(() =>
                RemoteHypervisor.OpenAsync(plan, new RemoteOpenOptions { Timeout = TimeSpan.FromSeconds(2), KeepAliveInterval = 0 }, CancellationToken.None));
            sw.Stop();
            Assert.Equal(LibvirtErrorCode.OperationTimeout, e.Code);
            Assert.Contains("procedure 66", e.Message);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(4), "took " + sw.Elapsed);
        }

        [Fact(Timeout = 30000)]
        public async Task Slowloris_CannotKeepACallWaitingPastItsTimeout_EvenThoughBytesArrive()
        {
            // every byte resets the keepalive clock (the peer is alive), but the call still has its own limit
            using var server = new FakeRpcServer(Slowloris);
            var plan = ConnectionPlanner.Plan(server.TcpUri);
            var sw = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<LibvirtException>(() =>
                RemoteHypervisor.OpenAsync(plan, new RemoteOpenOptions { Timeout = TimeSpan.FromSeconds(1), KeepAliveInterval = 1, KeepAliveCount = 1 }, CancellationToken.None));
            Assert.Equal(LibvirtErrorCode.OperationTimeout, e.Code);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), "took " + sw.Elapsed);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task ManyFailedConnections_LeaveNoThreadOrSocketBehind()
        {
            Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "counts file descriptors in /proc/self/fd");
            // garbage, a hang-up and a silent peer, 40 connections each way
            Func<FakeRpcConnection, CancellationToken, Task>[] peers =
            {
                async (c, ct) => { await c.ReadNextCallAsync(ct); await c.WriteAsync(new byte[] { 0, 0, 0, 40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36 }, ct); },
                async (c, ct) => { await c.ReadNextCallAsync(ct); c.Close(); },
                (c, ct) => c.SwallowAsync(ct),
            };

            async Task RoundAsync()
            {
                foreach (var peer in peers)
                {
                    using var server = new FakeRpcServer(peer);
                    var plan = ConnectionPlanner.Plan(server.TcpUri);
                    await Assert.ThrowsAsync<LibvirtException>(() =>
                        RemoteHypervisor.OpenAsync(plan, new RemoteOpenOptions { Timeout = TimeSpan.FromMilliseconds(300), KeepAliveInterval = 0 }, CancellationToken.None));
                }
            }

            await RoundAsync(); // warm up: thread pool, JIT, static state
            await Task.Delay(500);
            int fdsBefore = OpenDescriptors();
            int threadsBefore = ReaderThreads();
            for (int i = 0; i < 40; i++) await RoundAsync();
            await Task.Delay(1000);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            int fdsAfter = OpenDescriptors();
            int threadsAfter = ReaderThreads();
            Assert.True(fdsAfter <= fdsBefore + 8, $"file descriptors grew from {fdsBefore} to {fdsAfter} over 120 failed connections");
            // the thread pool may grow a little; a reader thread per connection would add 120
            Assert.True(threadsAfter <= threadsBefore + 12, $"threads grew from {threadsBefore} to {threadsAfter}");
        }

        private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

        // process threads: the RPC reader is a dedicated thread per connection, so a leak shows here
        private static int ReaderThreads() => Process.GetCurrentProcess().Threads.Count;
    }
}
