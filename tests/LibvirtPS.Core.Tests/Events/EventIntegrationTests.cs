// Events of the remote driver against a real private libvirtd (test driver), with python-libvirt as the oracle: the
// same changes, made from outside with virsh, must reach our subscription with the numbers python's callbacks get.
// The embedded driver must raise the same events for the same operations. test:///default resets when its last
// connection closes: every check happens while our connection is open.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Events
{
    public sealed class EventIntegrationTests : IClassFixture<LibvirtdFixture>, IDisposable
    {
        private static readonly Guid TestDomainUuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");
        private static readonly Guid Ev1Uuid = Guid.Parse("0e5e0e5e-1111-2222-3333-444455556666");
        private static readonly Guid Tr1Uuid = Guid.Parse("0e5e0e5e-1111-2222-3333-777788889999");
        private static readonly Guid RbUuid = Guid.Parse("0e5e0e5e-1111-2222-3333-aaaabbbbcccc");
        private readonly LibvirtdFixture _fx;
        private readonly string _dir = Directory.CreateTempSubdirectory("lvps-events-").FullName;

        public EventIntegrationTests(LibvirtdFixture fixture)
        {
            _fx = fixture;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
        }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private string WriteXml(string name, Guid uuid, string extra = "")
        {
            var path = Path.Combine(_dir, name + ".xml");
            File.WriteAllText(path, "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid><memory>8192</memory>" + extra +
                "<os><type>hvm</type></os></domain>");
            return path;
        }

        // python-libvirt prints "life <name> <id> <event> <detail>", "net <name> <event> <detail>", "pool ...", "refresh <name>"
        private const string PythonListener = @"
import libvirt, os, sys, threading
libvirt.virEventRegisterDefaultImpl()
c = libvirt.open(os.environ['LIBVIRTPS_URI'])
c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda conn, d, e, det, o: print('life', d.name(), d.ID(), e, det, flush=True), None)
c.networkEventRegisterAny(None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE, lambda conn, n, e, det, o: print('net', n.name(), e, det, flush=True), None)
c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, lambda conn, p, e, det, o: print('pool', p.name(), e, det, flush=True), None)
c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_REFRESH, lambda conn, p, o: print('refresh', p.name(), flush=True), None)
stop = []
threading.Thread(target=lambda: (sys.stdin.read(), stop.append(1)), daemon=True).start()
print('ready', flush=True)
while not stop:
    libvirt.virEventRunDefaultImpl()
";

        private static string Describe(LibvirtEvent e) => e switch
        {
            LibvirtDomainEvent d => "life " + d.DomainName + " " + (d.DomainId ?? -1) + " " + (int)d.Event + " " + d.Detail,
            LibvirtNetworkEvent n => "net " + n.NetworkName + " " + (int)n.Event + " " + n.Detail,
            LibvirtStoragePoolEvent p when p.Event == LibvirtStoragePoolEventType.Refresh => "refresh " + p.PoolName,
            LibvirtStoragePoolEvent p => "pool " + p.PoolName + " " + (int)p.Event + " " + p.Detail,
            _ => e.ToString(),
        };

        private void Virsh(string uri, params string[] args) => AssertVirshOk(_fx.RunVirshOn(uri, args), "virsh " + string.Join(" ", args));

        [SkippableFact(Timeout = 120000)]
        public async Task DomainLifecycle_ChangesByVirsh_ArriveAsPythonSeesThem()
        {
            SkipIfNoPython(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var sink = new QueueSink();
            var sub = await conn.Hypervisor.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, sink, cts.Token);
            using var py = _fx.StartPython(PythonListener);
            await py.WaitForLineAsync("ready", TimeSpan.FromSeconds(30));

            string ev1 = WriteXml("ev1", Ev1Uuid), tr1 = WriteXml("tr1", Tr1Uuid);
            // start, suspend, resume, shutdown, destroy, define (added, updated), undefine (running and inactive), create transient
            Virsh(uri, "suspend test");
            Virsh(uri, "resume test");
            Virsh(uri, "shutdown test");
            Virsh(uri, "start test");
            Virsh(uri, "destroy test");
            Virsh(uri, "start test");
            Virsh(uri, "define", ev1);
            Virsh(uri, "define", ev1);
            Virsh(uri, "start ev1");
            Virsh(uri, "undefine ev1");
            Virsh(uri, "destroy ev1");
            Virsh(uri, "create", tr1);
            Virsh(uri, "shutdown tr1");
            Virsh(uri, "define", ev1);
            Virsh(uri, "undefine ev1");
            const int n = 15;

            var ours = (await sink.TakeAsync(n, TimeSpan.FromSeconds(20))).Select(Describe).ToList();
            var theirs = new List<string>();
            while (theirs.Count < n) theirs.Add(await py.ReadLineAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal(theirs, ours);
            // and they say what happened (virsh event's words): the first is 'test' Suspended Paused, destroy is Stopped Destroyed
            var typed = ours; // numbers compared above; the names are checked on the embedded twin below
            Assert.StartsWith("life test ", typed[0]);
            Assert.NotEqual(0, sink.ThreadId);
            await sub.UnsubscribeAsync(cts.Token);
            py.Stop(TimeSpan.FromSeconds(5));
        }

        [SkippableFact(Timeout = 120000)]
        public async Task EmbeddedDriver_RaisesTheSameDomainEventsAsTheDaemon()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            using var embedded = new TestDriverRegistry().OpenDefault();
            var remoteSeen = await RunScriptAsync(conn.Hypervisor, cts.Token);
            var embeddedSeen = await RunScriptAsync(embedded, cts.Token);
            Assert.Equal(remoteSeen.Select(Describe), embeddedSeen.Select(Describe));
            Assert.Equal(remoteSeen.Select(e => e.ToString()), embeddedSeen.Select(e => e.ToString()));
            // the names are libvirt's (virsh event prints "Stopped Destroyed" etc.)
            Assert.Contains("test: Stopped Destroyed", embeddedSeen.Select(e => e.ToString()));
            Assert.Contains("ev1: Defined Updated", embeddedSeen.Select(e => e.ToString()));
        }

        private async Task<List<LibvirtEvent>> RunScriptAsync(IHypervisor hv, CancellationToken ct)
        {
            var sink = new QueueSink();
            var sub = await hv.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, sink, ct);
            string ev1Xml = File.ReadAllText(WriteXml("ev1", Ev1Uuid)), tr1Xml = File.ReadAllText(WriteXml("tr1", Tr1Uuid));
            await hv.SuspendDomainAsync(TestDomainUuid, ct);
            await hv.ResumeDomainAsync(TestDomainUuid, ct);
            await hv.ShutdownDomainAsync(TestDomainUuid, ct);
            await hv.StartDomainAsync(TestDomainUuid, false, ct);
            await hv.SuspendDomainAsync(TestDomainUuid, ct);
            await hv.DestroyDomainAsync(TestDomainUuid, ct);
            await hv.StartDomainAsync(TestDomainUuid, false, ct);
            await hv.RebootDomainAsync(TestDomainUuid, ct); // on_reboot restart: no event from 9.0's test driver
            await hv.DefineDomainAsync(ev1Xml, ct);
            await hv.DefineDomainAsync(ev1Xml, ct);
            await hv.StartDomainAsync(Ev1Uuid, false, ct);
            await hv.UndefineDomainAsync(Ev1Uuid, ct);
            await hv.DestroyDomainAsync(Ev1Uuid, ct);
            await hv.CreateDomainAsync(tr1Xml, false, ct);
            await hv.DestroyDomainAsync(Tr1Uuid, ct);
            // on_reboot destroy: a reboot stops it; on_poweroff restart: a shutdown leaves it running
            var rb = await hv.DefineDomainAsync(File.ReadAllText(WriteXml("rb", RbUuid, "<on_poweroff>restart</on_poweroff><on_reboot>destroy</on_reboot>")), ct);
            await hv.StartDomainAsync(rb.Uuid, false, ct);
            await hv.ShutdownDomainAsync(rb.Uuid, ct);
            await hv.RebootDomainAsync(rb.Uuid, ct);
            await hv.UndefineDomainAsync(rb.Uuid, ct);
            var events = await sink.TakeAsync(18, TimeSpan.FromSeconds(20));
            await Task.Delay(300, ct);
            Assert.Equal(0, sink.Count); // nothing more (the reboot raised none)
            await sub.UnsubscribeAsync(ct);
            return events;
        }

        // Network and pool twins of the domain test above: one script of changes (with failing calls, which raise
        // nothing, re-definitions, transient objects) on the daemon's test:///default and on the embedded driver must
        // give the same transcript of events (name, type, detail, order) and of errors. Each script ends with a marker
        // event (a define of an object named "evtest-end"): the daemon queues events in order, so every event the
        // script raised has arrived when the marker has, and none after it.
        private const string EndMarker = "evtest-end";

        [SkippableFact(Timeout = 120000)]
        public async Task EmbeddedDriver_RaisesTheSameNetworkEventsAsTheDaemon()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            using var embedded = new TestDriverRegistry().OpenDefault();
            var remoteSeen = await RunNetworkScriptAsync(conn.Hypervisor, cts.Token);
            var embeddedSeen = await RunNetworkScriptAsync(embedded, cts.Token);
            Assert.Equal(remoteSeen, embeddedSeen);
            // the script did raise events and hit errors (a transcript of nothing would match trivially)
            Assert.Contains("net default 3 0", remoteSeen);
            Assert.Contains(remoteSeen, l => l.StartsWith("error ", StringComparison.Ordinal));
        }

        [SkippableFact(Timeout = 120000)]
        public async Task EmbeddedDriver_RaisesTheSamePoolEventsAsTheDaemon()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            using var embedded = new TestDriverRegistry().OpenDefault();
            var remoteSeen = await RunPoolScriptAsync(conn.Hypervisor, cts.Token);
            var embeddedSeen = await RunPoolScriptAsync(embedded, cts.Token);
            Assert.Equal(remoteSeen, embeddedSeen);
            Assert.Contains("refresh default-pool", remoteSeen);
            Assert.Contains(remoteSeen, l => l.StartsWith("error ", StringComparison.Ordinal));
        }

        /// <summary>Runs a call and notes whether it succeeded or failed with which libvirt error code.</summary>
        private static async Task Step(List<string> transcript, string what, Func<Task> call)
        {
            try
            {
                await call();
                transcript.Add("ok " + what);
            }
            catch (LibvirtException e) { transcript.Add("error " + what + ": " + e.Code); }
        }

        /// <summary>The events up to and including the marker, then checks that nothing follows it.</summary>
        private static async Task<List<string>> TakeUntilMarkerAsync(QueueSink sink, CancellationToken ct)
        {
            var seen = new List<string>();
            while (true)
            {
                var e = (await sink.TakeAsync(1, TimeSpan.FromSeconds(20)))[0];
                seen.Add(Describe(e));
                if (e.ObjectName == EndMarker) break;
            }
            await Task.Delay(300, ct);
            Assert.Equal(0, sink.Count);
            return seen;
        }

        private static async Task<List<string>> RunNetworkScriptAsync(IHypervisor hv, CancellationToken ct)
        {
            var sink = new QueueSink();
            var sub = await hv.SubscribeEventsAsync(LibvirtEventKind.NetworkLifecycle, sink, ct);
            var calls = new List<string>();
            const string evnetXml = "<network><name>evnet</name><uuid>0e5e0e5e-aaaa-2222-3333-444455556666</uuid><bridge name='evbr0'/></network>";
            const string evtrXml = "<network><name>evtr</name><uuid>0e5e0e5e-aaaa-2222-3333-777788889999</uuid></network>";
            var def = await hv.LookupNetworkByNameAsync("default", ct);
            await Step(calls, "destroy default", () => hv.DestroyNetworkAsync(def, ct));
            await Step(calls, "destroy inactive default", () => hv.DestroyNetworkAsync(def, ct));
            await Step(calls, "start default", () => hv.StartNetworkAsync(def, ct));
            await Step(calls, "start active default", () => hv.StartNetworkAsync(def, ct));
            await Step(calls, "undefine active default", () => hv.UndefineNetworkAsync(def, ct));
            await Step(calls, "create default while active", () => hv.CreateNetworkAsync("<network><name>default</name><uuid>" + def.Uuid + "</uuid></network>", ct));
            await Step(calls, "define bad xml", () => hv.DefineNetworkAsync("<network><name>x</name><forward mode='weird'/></network>", ct));
            var evnet = await hv.DefineNetworkAsync(evnetXml, ct);
            await Step(calls, "re-define inactive evnet", () => hv.DefineNetworkAsync(evnetXml, ct));
            await Step(calls, "start evnet", () => hv.StartNetworkAsync(evnet, ct));
            await Step(calls, "re-define running evnet", () => hv.DefineNetworkAsync(evnetXml, ct));
            await Step(calls, "undefine running evnet", () => hv.UndefineNetworkAsync(evnet, ct));
            await Step(calls, "destroy evnet", () => hv.DestroyNetworkAsync(evnet, ct));
            await Step(calls, "create over inactive persistent evnet", () => hv.CreateNetworkAsync(evnetXml, ct));
            await Step(calls, "destroy evnet again", () => hv.DestroyNetworkAsync(evnet, ct));
            await Step(calls, "undefine evnet", () => hv.UndefineNetworkAsync(evnet, ct));
            await Step(calls, "undefine gone evnet", () => hv.UndefineNetworkAsync(evnet, ct));
            var evtr = await hv.CreateNetworkAsync(evtrXml, ct); // transient: gone after its destroy
            await Step(calls, "undefine transient evtr", () => hv.UndefineNetworkAsync(evtr, ct));
            await Step(calls, "destroy transient evtr", () => hv.DestroyNetworkAsync(evtr, ct));
            await Step(calls, "destroy gone evtr", () => hv.DestroyNetworkAsync(evtr, ct));
            await hv.DefineNetworkAsync("<network><name>" + EndMarker + "</name><uuid>0e5e0e5e-aaaa-2222-3333-aaaabbbbcccc</uuid></network>", ct);
            var events = await TakeUntilMarkerAsync(sink, ct);
            await sub.UnsubscribeAsync(ct);
            // then which calls succeeded or failed with which code: the events' order among the calls cannot be seen on
            // the wire (events are asynchronous), only their own order
            return events.Concat(calls).ToList();
        }

        private static async Task<List<string>> RunPoolScriptAsync(IHypervisor hv, CancellationToken ct)
        {
            var sink = new QueueSink();
            var subs = new List<LibvirtEventSubscription>();
            foreach (var k in new[] { LibvirtEventKind.StoragePoolLifecycle, LibvirtEventKind.StoragePoolRefresh })
                subs.Add(await hv.SubscribeEventsAsync(k, sink, ct));
            var calls = new List<string>();
            const string evpoolXml = "<pool type='dir'><name>evpool</name><uuid>0e5e0e5e-bbbb-2222-3333-444455556666</uuid><target><path>/tmp/evpool</path></target></pool>";
            const string evtrXml = "<pool type='dir'><name>evtrpool</name><uuid>0e5e0e5e-bbbb-2222-3333-777788889999</uuid><target><path>/tmp/evtrpool</path></target></pool>";
            const string dp = "default-pool";
            await Step(calls, "destroy default-pool", () => hv.DestroyStoragePoolAsync(dp, ct));
            await Step(calls, "destroy inactive default-pool", () => hv.DestroyStoragePoolAsync(dp, ct));
            await Step(calls, "refresh inactive default-pool", () => hv.RefreshStoragePoolAsync(dp, ct));
            await Step(calls, "build default-pool", () => hv.BuildStoragePoolAsync(dp, 0, ct));
            await Step(calls, "delete default-pool", () => hv.DeleteStoragePoolAsync(dp, 0, ct));
            await Step(calls, "start default-pool", () => hv.StartStoragePoolAsync(dp, 0, ct));
            await Step(calls, "start active default-pool", () => hv.StartStoragePoolAsync(dp, 0, ct));
            await Step(calls, "build active default-pool", () => hv.BuildStoragePoolAsync(dp, 0, ct));
            await Step(calls, "delete active default-pool", () => hv.DeleteStoragePoolAsync(dp, 0, ct));
            await Step(calls, "undefine active default-pool", () => hv.UndefineStoragePoolAsync(dp, ct));
            await Step(calls, "refresh default-pool", () => hv.RefreshStoragePoolAsync(dp, ct));
            await Step(calls, "define dir pool without path", () => hv.DefineStoragePoolAsync("<pool type='dir'><name>bx</name></pool>", ct));
            await Step(calls, "define evpool", () => hv.DefineStoragePoolAsync(evpoolXml, ct));
            await Step(calls, "re-define inactive evpool", () => hv.DefineStoragePoolAsync(evpoolXml, ct));
            await Step(calls, "build evpool", () => hv.BuildStoragePoolAsync("evpool", 0, ct));
            await Step(calls, "start evpool", () => hv.StartStoragePoolAsync("evpool", 0, ct));
            await Step(calls, "re-define running evpool", () => hv.DefineStoragePoolAsync(evpoolXml, ct));
            await Step(calls, "create evpool while active", () => hv.CreateStoragePoolAsync(evpoolXml, 0, ct));
            await Step(calls, "refresh evpool", () => hv.RefreshStoragePoolAsync("evpool", ct));
            await Step(calls, "destroy evpool", () => hv.DestroyStoragePoolAsync("evpool", ct));
            await Step(calls, "create over inactive persistent evpool", () => hv.CreateStoragePoolAsync(evpoolXml, 0, ct));
            await Step(calls, "destroy evpool", () => hv.DestroyStoragePoolAsync("evpool", ct));
            await Step(calls, "delete evpool", () => hv.DeleteStoragePoolAsync("evpool", 0, ct));
            await Step(calls, "undefine evpool", () => hv.UndefineStoragePoolAsync("evpool", ct));
            await Step(calls, "undefine gone evpool", () => hv.UndefineStoragePoolAsync("evpool", ct));
            await Step(calls, "create transient evtrpool", () => hv.CreateStoragePoolAsync(evtrXml, 0, ct));
            await Step(calls, "refresh transient evtrpool", () => hv.RefreshStoragePoolAsync("evtrpool", ct));
            await Step(calls, "undefine active transient evtrpool", () => hv.UndefineStoragePoolAsync("evtrpool", ct));
            await Step(calls, "destroy transient evtrpool", () => hv.DestroyStoragePoolAsync("evtrpool", ct));
            await Step(calls, "destroy gone evtrpool", () => hv.DestroyStoragePoolAsync("evtrpool", ct));
            await hv.DefineStoragePoolAsync("<pool type='dir'><name>" + EndMarker + "</name><uuid>0e5e0e5e-bbbb-2222-3333-aaaabbbbcccc</uuid><target><path>/tmp/evtest-end</path></target></pool>", ct);
            var events = await TakeUntilMarkerAsync(sink, ct);
            foreach (var s in subs) await s.UnsubscribeAsync(ct);
            return events.Concat(calls).ToList();
        }

        [SkippableFact(Timeout = 120000)]
        public async Task NetworkAndPoolEvents_ChangesByVirsh_ArriveAsPythonSeesThem()
        {
            SkipIfNoPython(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var sink = new QueueSink();
            foreach (var k in new[] { LibvirtEventKind.NetworkLifecycle, LibvirtEventKind.StoragePoolLifecycle, LibvirtEventKind.StoragePoolRefresh })
                await conn.Hypervisor.SubscribeEventsAsync(k, sink, cts.Token);
            using var py = _fx.StartPython(PythonListener);
            await py.WaitForLineAsync("ready", TimeSpan.FromSeconds(30));

            Virsh(uri, "net-destroy default");
            Virsh(uri, "net-start default");
            Virsh(uri, "pool-destroy default-pool");
            Virsh(uri, "pool-start default-pool");
            Virsh(uri, "pool-refresh default-pool");
            const int n = 5;
            var ours = (await sink.TakeAsync(n, TimeSpan.FromSeconds(20))).Select(Describe).ToList();
            var theirs = new List<string>();
            while (theirs.Count < n) theirs.Add(await py.ReadLineAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal(theirs, ours);
            py.Stop(TimeSpan.FromSeconds(5));
        }

        [SkippableFact(Timeout = 90000)]
        public async Task OneRegistrationPerKind_DeregisteredWithTheLastSubscriber_OnTheWire()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            conn.Trace.Enabled = true;
            var a = new QueueSink();
            var b = new QueueSink();
            var subA = await conn.Hypervisor.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, a, cts.Token);
            var subB = await conn.Hypervisor.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, b, cts.Token);
            var trace = conn.Trace.Drain().ToList();
            Assert.Single(trace, l => l.StartsWith("-> call", StringComparison.Ordinal) && l.Contains("proc 316 ", StringComparison.Ordinal));

            Virsh(uri, "suspend test");
            Assert.Equal("life test 1 3 0", Describe((await a.TakeAsync(1, TimeSpan.FromSeconds(10)))[0]));
            Assert.Equal("life test 1 3 0", Describe((await b.TakeAsync(1, TimeSpan.FromSeconds(10)))[0]));

            await subA.UnsubscribeAsync(cts.Token);
            Assert.DoesNotContain(conn.Trace.Drain(), l => l.StartsWith("-> call", StringComparison.Ordinal) && l.Contains("proc 317 ", StringComparison.Ordinal));
            Virsh(uri, "resume test");
            Assert.Equal("life test 1 4 0", Describe((await b.TakeAsync(1, TimeSpan.FromSeconds(10)))[0]));
            Assert.Equal(0, a.Count);

            await subB.UnsubscribeAsync(cts.Token);
            Assert.Single(conn.Trace.Drain(), l => l.StartsWith("-> call", StringComparison.Ordinal) && l.Contains("proc 317 ", StringComparison.Ordinal));
            // the daemon no longer sends: a change made now produces no event MESSAGE on this connection
            Virsh(uri, "suspend test");
            await Task.Delay(500, cts.Token);
            Assert.DoesNotContain(conn.Trace.Drain(), l => l.Contains("<- message", StringComparison.Ordinal));
            Assert.False(subB.IsActive);
            Virsh(uri, "resume test");
        }

        [SkippableFact(Timeout = 90000)]
        public async Task StopAndWait_UsesEvents_AndTimesOutClearly()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;
            var method = await DomainShutoffWaiter.StopAndWaitAsync(hv, TestDomainUuid, null, () => hv.ShutdownDomainAsync(TestDomainUuid, cts.Token),
                TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200), cts.Token);
            Assert.Equal(DomainShutoffWaiter.Method.Events, method);
            Assert.Equal("shut off", _fx.RunVirshOn(uri, "domstate", "test").Stdout.Trim());

            // on_poweroff=restart: a shutdown leaves it running, so the wait ends in a timeout naming the domain
            var info = await hv.DefineDomainAsync(File.ReadAllText(WriteXml("stubborn", Guid.NewGuid(), "<on_poweroff>restart</on_poweroff>")), cts.Token);
            await hv.StartDomainAsync(info.Uuid, false, cts.Token);
            var e = await Assert.ThrowsAsync<LibvirtException>(() => DomainShutoffWaiter.StopAndWaitAsync(hv, info.Uuid, "stubborn",
                () => hv.ShutdownDomainAsync(info.Uuid, cts.Token), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), cts.Token));
            Assert.Equal(LibvirtErrorCode.OperationTimeout, e.Code);
            Assert.Contains("domain 'stubborn' did not shut off within 1 s (state: Running)", e.Message);
            Assert.Equal("running", _fx.RunVirshOn(uri, "domstate", "stubborn").Stdout.Trim());
        }

        // Last in spirit: kills the daemon (the fixture restarts it for whatever runs next).
        [SkippableFact(Timeout = 90000)]
        public async Task ConnectionDeath_EndsSubscriptions_WithTheReason()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            try
            {
                var sink = new QueueSink();
                var sub = await conn.Hypervisor.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, sink, cts.Token);
                _fx.Kill();
                var reason = await sink.Ended.Task.Within(TimeSpan.FromSeconds(15), "end of subscription");
                Assert.NotNull(reason);
                Assert.False(sub.IsActive);
                Assert.Same(reason, sub.EndReason);
                // a new subscription on the dead connection fails with the same reason, at once
                var again = await Assert.ThrowsAnyAsync<Exception>(() => conn.Hypervisor.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, new QueueSink(), cts.Token));
                Assert.Equal(reason!.Message, again.Message);
            }
            finally
            {
                conn.Dispose();
                _fx.Restart();
            }
        }

        [Fact]
        public async Task EmbeddedDriver_ClosingEndsSubscriptions_AndHooksReachSubscribers()
        {
            var registry = new TestDriverRegistry();
            var hv = registry.OpenDefault();
            var sink = new QueueSink();
            await hv.SubscribeEventsAsync(LibvirtEventKind.NetworkLifecycle, sink, CancellationToken.None);
            await hv.SubscribeEventsAsync(LibvirtEventKind.StoragePoolRefresh, sink, CancellationToken.None);
            var uuid = Guid.NewGuid();
            hv.State.RaiseNetworkEvent("default", uuid, LibvirtNetworkEventType.Stopped);
            hv.State.RaisePoolEvent("default-pool", uuid, LibvirtStoragePoolEventType.Refresh);
            hv.State.RaisePoolEvent("default-pool", uuid, LibvirtStoragePoolEventType.Started); // no lifecycle subscription: not delivered
            var got = await sink.TakeAsync(2, TimeSpan.FromSeconds(5));
            Assert.Equal(new[] { "net default 3 0", "refresh default-pool" }, got.Select(Describe));
            Assert.Equal("test:///default", got[0].Uri);
            Assert.Equal(0, sink.Count);
            await hv.CloseAsync(CancellationToken.None);
            var reason = await sink.Ended.Task.Within(TimeSpan.FromSeconds(5), "end");
            Assert.Null(reason); // a normal close: ended without an error
            var e = await Assert.ThrowsAsync<LibvirtException>(() => hv.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, new QueueSink(), CancellationToken.None));
            Assert.Equal(LibvirtErrorCode.InvalidConn, e.Code);
        }
    }
}
