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
    }
}
