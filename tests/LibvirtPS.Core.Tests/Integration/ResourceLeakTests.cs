// Leak checks (issue 9): many failing connections in a row leave nothing behind: no reader thread, no socket.
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
    /// <summary>
    /// Leak checks that count the whole process's file descriptors and threads. They run alone (after the parallel
    /// test classes, none beside them), since any other test opening a socket or starting a daemon meanwhile would
    /// move the counts: what is measured must be only this test's connections.
    /// </summary>
    [Collection(SerialCollection.Name)]
    public sealed class ResourceLeakTests
    {
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
