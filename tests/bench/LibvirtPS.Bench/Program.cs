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
// Also: "load <uri> <threads> <calls>" (Load.cs) and "profile <uri> <daemon-pid> <repeats>" (Profile.cs: CPU per side).
if (args[0] == "profile")
{
    await Profile.RunAsync(args[1], int.Parse(args[2]), int.Parse(args[3]));
    return;
}
if (args[0] == "stripe")
{
    await Stripe.RunAsync(args[1], int.Parse(args[2]), int.Parse(args[3]));
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

// warm-up: JIT and the daemon's first-open costs. .NET first runs a method as quickly compiled code and
// recompiles it optimized after 30 calls (tiered compilation), so the open path runs 40 times before it is timed:
// a long-lived PowerShell session's steady state, not the first minutes of a new process.
using (var warm = await Open()) { await warm.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None); }
for (int i = 0; i < 40; i++)
{
    using var warm = await Open();
    await warm.CloseAsync(CancellationToken.None);
}
await Task.Delay(300); // the optimized code is compiled in the background

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

// python's listing work exactly (names, ids, UUIDs, states): CONNECT_LIST_ALL_DOMAINS and CONNECT_GET_ALL_DOMAIN_STATS
// (state group), pipelined, decoded and joined by UUID — no per-domain call
var stateOnly = new List<double>();
for (int i = 0; i <= listRepeats; i++)
{
    var sw = Stopwatch.StartNew();
    var names = remote.Rpc.CallAsync<ConnectListAllDomainsArgs, ConnectListAllDomainsRet>(RemoteProgram.Program, RemoteProgram.Version,
        (int)RemoteProcedure.ConnectListAllDomains, new ConnectListAllDomainsArgs { NeedResults = 1 }, CancellationToken.None);
    var states = remote.Rpc.CallAsync<ConnectGetAllDomainStatsArgs, ConnectGetAllDomainStatsRet>(RemoteProgram.Program, RemoteProgram.Version,
        (int)RemoteProcedure.ConnectGetAllDomainStats, new ConnectGetAllDomainStatsArgs { Doms = Array.Empty<RemoteNonnullDomain>(), Stats = 1 }, CancellationToken.None);
    var byUuid = new Dictionary<Guid, int>();
    foreach (var rec in (await states).RetStats)
        byUuid[LibvirtUuid.FromBytes(rec.Dom.Uuid)] = Convert.ToInt32(rec.Params.First(p => p.Field == "state.state").Value);
    var rows = (await names).Domains.Select(d => (d.Name, d.Id, Uuid: LibvirtUuid.FromBytes(d.Uuid), State: byUuid[LibvirtUuid.FromBytes(d.Uuid)])).ToList();
    if (i > 0) stateOnly.Add(sw.Elapsed.TotalMilliseconds); // the first is a warm-up
    if (rows.Count != count) throw new InvalidOperationException("state-only listing saw " + rows.Count + " domains, the full one " + count);
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    list_state_only_ms = Median(stateOnly),
    connect_ms = Median(connect),
    connect_with_identity_ms = Median(withIdentity),
    roundtrip_ms = Median(rt),
    list_ms = Median(list),
    domains = count,
    list_managed_bytes = listedBytes,
}));
