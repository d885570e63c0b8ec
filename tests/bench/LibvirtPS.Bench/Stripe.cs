using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Uris;

// Experiment: DOMAIN_GET_INFO for every domain split over K connections (does the daemon go faster with more sockets?)
//   dotnet LibvirtPS.Bench.dll stripe <uri> <k> <repeats>
internal static class Stripe
{
    public static async Task RunAsync(string uri, int k, int repeats)
    {
        var hs = new List<RemoteHypervisor>();
        for (int i = 0; i < k; i++) hs.Add(await RemoteHypervisor.OpenAsync(ConnectionPlanner.Plan(uri), new RemoteOpenOptions { KeepAliveInterval = 0 }, CancellationToken.None));
        var listed = (await hs[0].Rpc.CallAsync<ConnectListAllDomainsArgs, ConnectListAllDomainsRet>(RemoteProgram.Program, RemoteProgram.Version,
            (int)RemoteProcedure.ConnectListAllDomains, new ConnectListAllDomainsArgs { NeedResults = 1 }, CancellationToken.None)).Domains;
        var times = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            var tasks = new List<Task>();
            for (int i = 0; i < k; i++)
            {
                var part = listed.Where((d, j) => j % k == i).Select(d => new DomainGetInfoArgs { Dom = d }).ToList();
                var h = hs[i];
                tasks.Add(Task.Run(() => h.Rpc.CallManyAsync<DomainGetInfoArgs, DomainGetInfoRet>(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.DomainGetInfo, part, CancellationToken.None)));
            }
            await Task.WhenAll(tasks);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"k={k} domains={listed.Length} median={times[times.Count / 2]:F1} ms min={times[0]:F1}");
        foreach (var h in hs) await h.CloseAsync(CancellationToken.None);
    }
}
