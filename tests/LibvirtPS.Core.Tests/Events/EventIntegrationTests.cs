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
