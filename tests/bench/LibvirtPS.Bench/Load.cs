using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Uris;

// Load: one connection, T threads each issuing calls until N calls are done in all; every reply is checked
// against the call it answers (the state of domain "test"). Prints calls/s and latency percentiles.
internal static class Load
{
    public static async Task RunAsync(string uri, int threads, int calls)
    {
        var h = await RemoteHypervisor.OpenAsync(ConnectionPlanner.Plan(uri), new RemoteOpenOptions { KeepAliveInterval = 0 }, CancellationToken.None);
        var dom = (await h.Rpc.CallAsync<DomainLookupByNameArgs, DomainLookupByNameRet>(RemoteProgram.Program, 1,
            (int)RemoteProcedure.DomainLookupByName, new DomainLookupByNameArgs { Name = "test" }, CancellationToken.None)).Dom;
        int next = 0, wrong = 0;
        var latencies = new double[calls];
        var sw = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next) - 1) < calls)
            {
                long t0 = Stopwatch.GetTimestamp();
                var r = await h.Rpc.CallAsync<DomainGetStateArgs, DomainGetStateRet>(RemoteProgram.Program, 1,
                    (int)RemoteProcedure.DomainGetState, new DomainGetStateArgs { Dom = dom }, CancellationToken.None).ConfigureAwait(false);
                latencies[i] = (Stopwatch.GetTimestamp() - t0) * 1000.0 / Stopwatch.Frequency;
                if (r.State != 1) Interlocked.Increment(ref wrong);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        double seconds = sw.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        await h.CloseAsync(CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            calls,
            threads,
            wrong,
            calls_per_s = Math.Round(calls / seconds),
            p50_ms = Math.Round(latencies[calls / 2], 3),
            p99_ms = Math.Round(latencies[(int)(calls * 0.99)], 3),
        }));
    }
}
