using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Uris;

// Measures the core against a running daemon and prints one JSON object (milliseconds, medians):
//   dotnet run -c Release --project tests/bench/LibvirtPS.Bench -- <uri> <connect-repeats> <roundtrip-repeats> <list-repeats>
// build.ps1 Bench runs it next to python-libvirt and virsh on the same daemon and the same work.
if (args[0] == "profile")
{
    await Profile.RunAsync(args[1], int.Parse(args[2]), int.Parse(args[3]));
    return;
}
if (args[0] == "load")
{
    await Load.RunAsync(args[1], int.Parse(args[2]), int.Parse(args[3]));
    return;
}
string uri = args[0];
int connectRepeats = int.Parse(args[1]);
int roundTrips = int.Parse(args[2]);
int listRepeats = int.Parse(args[3]);

var plan = ConnectionPlanner.Plan(uri);
var options = new RemoteOpenOptions { KeepAliveInterval = 0 };

async Task<LibvirtConnection> Open() => await LibvirtConnection.OpenAsync(plan, options, new WireTrace(), CancellationToken.None);

double Median(List<double> xs) { xs.Sort(); return xs[xs.Count / 2]; }

// warm-up: JIT and the daemon's first-open costs
using (var warm = await Open()) { await warm.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None); }

// connect = until CONNECT_OPEN is done (the definition); with_identity adds the four pipelined calls
// (type, versions, host name) a LibvirtConnection object carries
var connect = new List<double>();
var withIdentity = new List<double>();
for (int i = 0; i < connectRepeats; i++)
{
    var sw = Stopwatch.StartNew();
    var h = await RemoteHypervisor.OpenAsync(plan, options, CancellationToken.None);
    connect.Add(sw.Elapsed.TotalMilliseconds);
    await h.CloseAsync(CancellationToken.None);
    sw.Restart();
    var c = await Open();
    withIdentity.Add(sw.Elapsed.TotalMilliseconds);
    await c.CloseAsync(CancellationToken.None);
}

using var conn = await Open();
var remote = (RemoteHypervisor)conn.Hypervisor;
var dom = await remote.Rpc.CallAsync<DomainLookupByNameArgs, DomainLookupByNameRet>(RemoteProgram.Program, RemoteProgram.Version,
    (int)RemoteProcedure.DomainLookupByName, new DomainLookupByNameArgs { Name = "test" }, CancellationToken.None);
var rt = new List<double>();
for (int i = 0; i < roundTrips; i++)
{
    var sw = Stopwatch.StartNew();
    await remote.Rpc.CallAsync<DomainGetStateArgs, DomainGetStateRet>(RemoteProgram.Program, RemoteProgram.Version,
        (int)RemoteProcedure.DomainGetState, new DomainGetStateArgs { Dom = dom.Dom }, CancellationToken.None);
    rt.Add(sw.Elapsed.TotalMilliseconds);
}

var list = new List<double>();
int count = 0;
long before = GC.GetTotalMemory(true);
long listedBytes = 0;
for (int i = 0; i < listRepeats; i++)
{
    var sw = Stopwatch.StartNew();
    var domains = await conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None);
    list.Add(sw.Elapsed.TotalMilliseconds);
    count = domains.Count;
    if (i == 0) listedBytes = GC.GetTotalMemory(true) - before;
    GC.KeepAlive(domains);
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    connect_ms = Median(connect),
    connect_with_identity_ms = Median(withIdentity),
    roundtrip_ms = Median(rt),
    list_ms = Median(list),
    domains = count,
    list_managed_bytes = listedBytes,
}));
