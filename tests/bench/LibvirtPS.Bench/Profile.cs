using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Uris;

// Where the time of a listing goes: wall clock, this process's CPU, the daemon's CPU (per thread, from /proc) and
// the bytes allocated, for the whole listing and for its parts (the lists and stats alone, the DOMAIN_GET_INFO fan-out
// alone), and the CPU spent per sequential round trip. Medians of the repeats; one JSON object.
//   dotnet LibvirtPS.Bench.dll profile <uri> <daemon-pid> <repeats>
internal static class Profile
{
    public static async Task RunAsync(string uri, int daemonPid, int repeats)
    {
        var h = await RemoteHypervisor.OpenAsync(ConnectionPlanner.Plan(uri), new RemoteOpenOptions { KeepAliveInterval = 0 }, CancellationToken.None);
        var result = new Dictionary<string, object>();
        var domains = await h.ListDomainsAsync(DomainListFlags.None, CancellationToken.None);
        result["domains"] = domains.Count;

        var listed = (await h.Rpc.CallAsync<ConnectListAllDomainsArgs, ConnectListAllDomainsRet>(RemoteProgram.Program, RemoteProgram.Version,
            (int)RemoteProcedure.ConnectListAllDomains, new ConnectListAllDomainsArgs { NeedResults = 1 }, CancellationToken.None)).Domains;
        var infoArgs = listed.Select(d => new DomainGetInfoArgs { Dom = d }).ToList();
        var test = listed.First(d => d.Name == "test");

        result["list_full"] = await MeasureAsync(daemonPid, repeats, () => h.ListDomainsAsync(DomainListFlags.None, CancellationToken.None));
        result["list_and_stats_only"] = await MeasureAsync(daemonPid, repeats, () => Task.WhenAll(
            h.Rpc.CallAsync<ConnectListAllDomainsArgs, ConnectListAllDomainsRet>(RemoteProgram.Program, RemoteProgram.Version,
                (int)RemoteProcedure.ConnectListAllDomains, new ConnectListAllDomainsArgs { NeedResults = 1 }, CancellationToken.None),
            h.Rpc.CallAsync<ConnectGetAllDomainStatsArgs, ConnectGetAllDomainStatsRet>(RemoteProgram.Program, RemoteProgram.Version,
                (int)RemoteProcedure.ConnectGetAllDomainStats, new ConnectGetAllDomainStatsArgs { Doms = Array.Empty<RemoteNonnullDomain>(), Stats = 1 }, CancellationToken.None)));
        result["get_info_fanout_only"] = await MeasureAsync(daemonPid, repeats, () =>
            h.Rpc.CallManyAsync<DomainGetInfoArgs, DomainGetInfoRet>(RemoteProgram.Program, RemoteProgram.Version,
                (int)RemoteProcedure.DomainGetInfo, infoArgs, CancellationToken.None));
        // 2000 sequential round trips: the CPU they cost on each side, per call
        result["roundtrip_x2000"] = await MeasureAsync(daemonPid, repeats, async () =>
        {
            for (int i = 0; i < 2000; i++)
            {
                await h.Rpc.CallAsync<DomainGetStateArgs, DomainGetStateRet>(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.DomainGetState, new DomainGetStateArgs { Dom = test }, CancellationToken.None).ConfigureAwait(false);
            }
        });
        result["roundtrip_sync_wait_x2000"] = await MeasureAsync(daemonPid, repeats, () =>
        {
            for (int i = 0; i < 2000; i++)
            {
                h.Rpc.CallAsync<DomainGetStateArgs, DomainGetStateRet>(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.DomainGetState, new DomainGetStateArgs { Dom = test }, CancellationToken.None).GetAwaiter().GetResult();
            }
            return Task.CompletedTask;
        });
        await h.CloseAsync(CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static async Task<object> MeasureAsync(int daemonPid, int repeats, Func<Task> work)
    {
        await work(); // warm
        var wall = new List<double>();
        var cpu = new List<double>();
        var daemon = new List<double>();
        var daemonThreads = new List<Dictionary<string, double>>();
        var alloc = new List<double>();
        var gcs = new List<double>();
        var proc = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            proc.Refresh();
            var cpu0 = proc.TotalProcessorTime;
            var d0 = DaemonThreads(daemonPid);
            long a0 = GC.GetTotalAllocatedBytes(false);
            int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
            var sw = Stopwatch.StartNew();
            await work();
            wall.Add(sw.Elapsed.TotalMilliseconds);
            alloc.Add(GC.GetTotalAllocatedBytes(false) - a0);
            gcs.Add((GC.CollectionCount(0) - g0) * 10000 + (GC.CollectionCount(1) - g1) * 100 + (GC.CollectionCount(2) - g2));
            proc.Refresh();
            cpu.Add((proc.TotalProcessorTime - cpu0).TotalMilliseconds);
            var d1 = DaemonThreads(daemonPid);
            var perThread = new Dictionary<string, double>();
            foreach (var kv in d1) perThread[kv.Key] = kv.Value - (d0.TryGetValue(kv.Key, out var v) ? v : 0);
            daemon.Add(perThread.Values.Sum());
            daemonThreads.Add(perThread);
        }
        int mid = MedianIndex(wall);
        return new
        {
            wall_ms = Median(wall),
            wall_min_ms = wall.Min(),
            wall_max_ms = wall.Max(),
            client_cpu_ms = Median(cpu),
            daemon_cpu_ms = Median(daemon),
            // the busiest daemon threads of the median run (the event loop is one thread)
            daemon_top_threads_ms = daemonThreads[mid].Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).Take(4)
                .ToDictionary(kv => kv.Key, kv => kv.Value),
            allocated_mb = Math.Round(Median(alloc) / 1048576.0, 2),
            // gen0 * 10000 + gen1 * 100 + gen2 collections during the median run
            gc_counts = gcs[mid],
        };
    }

    private static int MedianIndex(List<double> xs)
    {
        var order = Enumerable.Range(0, xs.Count).OrderBy(i => xs[i]).ToList();
        return order[xs.Count / 2];
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return Math.Round(s[s.Count / 2], 2);
    }

    // utime + stime of every thread of the daemon, in ms, by "tid:name"
    private static Dictionary<string, double> DaemonThreads(int pid)
    {
        var result = new Dictionary<string, double>();
        if (pid <= 0) return result;
        double tick = 1000.0 / 100; // CLK_TCK is 100 on Linux
        foreach (var dir in Directory.GetDirectories("/proc/" + pid + "/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int close = stat.LastIndexOf(')');
                string name = stat.Substring(stat.IndexOf('(') + 1, close - stat.IndexOf('(') - 1);
                var f = stat.Substring(close + 2).Split(' ');
                result[Path.GetFileName(dir) + ":" + name] = (long.Parse(f[11]) + long.Parse(f[12])) * tick;
            }
            catch (IOException)
            {
                // the thread ended
            }
        }
        return result;
    }
}
