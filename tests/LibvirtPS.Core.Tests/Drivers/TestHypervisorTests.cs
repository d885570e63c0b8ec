using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Drivers
{
    /// <summary>
    /// TestHypervisor against libvirt 9.0's test driver: defaults of test:///default, lookups and their errors,
    /// list filters, state changes. Expected texts were observed with python-libvirt (in-process test:///default,
    /// the same code libvirt's client runs) and virsh against a private libvirtd.
    /// </summary>
    public class TestHypervisorTests
    {
        private static readonly CancellationToken None = CancellationToken.None;

        private static TestHypervisor Default(bool readOnly = false) => new TestDriverRegistry().OpenDefault(readOnly: readOnly);

        private static async Task<LibvirtException> Fails(Func<Task> call) => await Assert.ThrowsAsync<LibvirtException>(call);

        [Fact]
        public async Task Default_NodeInfo()
        {
            using var h = Default();
            var n = await h.GetNodeInfoAsync(None);
            // virsh nodeinfo: i686, 16 CPUs, 1400 MHz, 2 sockets, 2 cores, 2 threads, 2 NUMA cells, 3145728 KiB
            Assert.Equal("i686", n.Model);
            Assert.Equal(3145728UL, n.MemoryKiB);
            Assert.Equal(16, n.Cpus);
            Assert.Equal(1400, n.Mhz);
            Assert.Equal(2, n.Nodes);
            Assert.Equal(2, n.Sockets);
            Assert.Equal(2, n.Cores);
            Assert.Equal(2, n.Threads);
        }

        [Fact]
        public async Task Default_Identity()
        {
            using var h = Default();
            var id = await h.GetIdentityAsync(None);
            Assert.Equal("TEST", id.Type);
            Assert.Equal(2UL, id.HypervisorVersion);
            Assert.Equal(9000000UL, id.LibVersion);
            Assert.Equal("test:///default", id.Uri);
            Assert.False(string.IsNullOrEmpty(id.HostName));
            Assert.Equal(TestHypervisor.HostName.Get(), id.HostName);
        }

        [Fact]
        public async Task Default_TheDomainTest()
        {
            using var h = Default();
            long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var list = await h.ListDomainsAsync(DomainListFlags.None, None);
            long after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var d = Assert.Single(list);
            Assert.Equal("test", d.Name);
            Assert.Equal(new Guid("6695eb01-f6a4-8304-79aa-97f2502e193f"), d.Uuid);
            Assert.Equal(1, d.Id);
            Assert.Equal(DomainState.Running, d.State);
            Assert.Equal(0, d.StateReason); // virsh domstate --reason test: "running (unknown)"
            Assert.Equal(8388608UL, d.MaxMemoryKiB);
            Assert.Equal(2097152UL, d.MemoryKiB);
            Assert.Equal(2, d.VCpus);
            Assert.True(d.Persistent);
            Assert.False(d.Autostart);
            // CPU time = wall clock in ns (g_get_real_time() * 1000)
            Assert.InRange(d.CpuTimeNs / 1_000_000UL, (ulong)before - 1, (ulong)after + 1);
            Assert.Equal(0UL, d.CpuTimeNs % 1000UL);
        }

        [Fact]
        public async Task Default_DomainXmlIsLibvirtsFormatting()
        {
            using var h = Default();
            var d = await h.LookupDomainByNameAsync("test", None);
            var xml = await h.GetDomainXmlAsync(d, None);
            Assert.Equal(TestDefaultNode.DomainXml, xml);
            Assert.StartsWith("<domain type='test'>\n  <name>test</name>\n", xml);
        }

        [Fact]
        public async Task Lookups()
        {
            using var h = Default();
            Assert.Equal("test", (await h.LookupDomainByNameAsync("test", None)).Name);
            Assert.Equal("test", (await h.LookupDomainByIdAsync(1, None)).Name);
            Assert.Equal("test", (await h.LookupDomainByUuidAsync(TestDefaultNode.DomainUuid, None)).Name);
        }

        [Fact]
        public async Task Lookups_NotFound()
        {
            using var h = Default();
            // python-libvirt: 'Domain not found' 42 (VIR_ERR_NO_DOMAIN) 12 (VIR_FROM_TEST), for all three lookups
            foreach (var call in new Func<Task>[]
            {
                () => h.LookupDomainByNameAsync("nosuch", None),
                () => h.LookupDomainByNameAsync("", None),
                () => h.LookupDomainByNameAsync("TEST", None),
                () => h.LookupDomainByIdAsync(7, None),
                () => h.LookupDomainByIdAsync(0, None),
                () => h.LookupDomainByUuidAsync(new Guid("6695eb01-f6a4-8304-79aa-97f2502e193e"), None),
            })
            {
                var e = await Fails(call);
                Assert.Equal("Domain not found", e.Message);
                Assert.Equal(LibvirtErrorCode.NoDomain, e.Code);
                Assert.Equal(LibvirtErrorDomain.Test, e.Domain);
                Assert.Equal(LibvirtErrorLevel.Error, e.Level);
            }
        }

        [Fact]
        public async Task LookupById_Negative()
        {
            using var h = Default();
            var e = await Fails(() => h.LookupDomainByIdAsync(-1, None));
            Assert.Equal("id in virDomainLookupByID must be zero or greater", e.Message);
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal(LibvirtErrorDomain.Domain, e.Domain);
        }

        [Fact]
        public async Task LookupById_InactiveDomainHasNoId()
        {
            using var h = Default();
            var d = await h.LookupDomainByNameAsync("test", None);
            await h.DestroyDomainAsync(d, None);
            await Fails(() => h.LookupDomainByIdAsync(1, None));
            Assert.Null((await h.LookupDomainByNameAsync("test", None)).Id);
        }

        [Fact]
        public async Task ListDomains_UnknownFlag()
        {
            using var h = Default();
            var e = await Fails(() => h.ListDomainsAsync((DomainListFlags)0x10000, None));
            Assert.Equal("unsupported flags (0x10000) in function testConnectListAllDomains", e.Message);
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal(LibvirtErrorDomain.Test, e.Domain);
            e = await Fails(() => h.ListDomainsAsync((DomainListFlags)0x80000000, None));
            Assert.Equal("unsupported flags (0x80000000) in function testConnectListAllDomains", e.Message);
        }

        [Theory]
        // python-libvirt listAllDomains(flags) on the same node file (sets; libvirt's order is its hash table's)
        [InlineData(DomainListFlags.None, "crashed1,fromfile,off1,paused1,run1,saved1,trans1")]
        [InlineData(DomainListFlags.Active, "crashed1,fromfile,paused1,run1,trans1")]
        [InlineData(DomainListFlags.Inactive, "off1,saved1")]
        [InlineData(DomainListFlags.Active | DomainListFlags.Inactive, "crashed1,fromfile,off1,paused1,run1,saved1,trans1")]
        [InlineData(DomainListFlags.Persistent, "crashed1,fromfile,off1,paused1,run1,saved1")]
        [InlineData(DomainListFlags.Transient, "trans1")]
        [InlineData(DomainListFlags.Running, "fromfile,run1,trans1")]
        [InlineData(DomainListFlags.Paused, "paused1")]
        [InlineData(DomainListFlags.Shutoff, "off1,saved1")]
        [InlineData(DomainListFlags.Other, "crashed1")]
        [InlineData(DomainListFlags.ManagedSave, "saved1")]
        [InlineData(DomainListFlags.NoManagedSave, "crashed1,fromfile,off1,paused1,run1,trans1")]
        [InlineData(DomainListFlags.Autostart, "")]
        [InlineData(DomainListFlags.NoAutostart, "crashed1,fromfile,off1,paused1,run1,saved1,trans1")]
        [InlineData(DomainListFlags.Running | DomainListFlags.Paused, "fromfile,paused1,run1,trans1")]
        [InlineData(DomainListFlags.Active | DomainListFlags.Persistent, "crashed1,fromfile,paused1,run1")]
        [InlineData(DomainListFlags.HasSnapshot, "")]
        [InlineData(DomainListFlags.NoSnapshot | DomainListFlags.Inactive, "off1,saved1")]
        [InlineData(DomainListFlags.HasCheckpoint, "")]
        [InlineData(DomainListFlags.NoCheckpoint | DomainListFlags.Other, "crashed1")]
        public async Task ListDomains_Filters(DomainListFlags flags, string expected)
        {
            using var files = new TestNodeFiles();
            using var h = new TestDriverRegistry().OpenFile(files.SeveralDomains());
            var names = (await h.ListDomainsAsync(flags, None)).Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(expected, string.Join(",", names));
        }

        [Fact]
        public async Task ListDomains_AutostartFilterFollowsSetAutostart()
        {
            using var files = new TestNodeFiles();
            using var h = new TestDriverRegistry().OpenFile(files.SeveralDomains());
            await h.SetDomainAutostartAsync(await h.LookupDomainByNameAsync("off1", None), true, None);
            await h.SetDomainAutostartAsync(await h.LookupDomainByNameAsync("trans1", None), true, None); // allowed for transient
            Assert.Equal(new[] { "off1", "trans1" },
                (await h.ListDomainsAsync(DomainListFlags.Autostart, None)).Select(d => d.Name).ToArray());
            Assert.Equal(new[] { "off1" },
                (await h.ListDomainsAsync(DomainListFlags.Autostart | DomainListFlags.Inactive, None)).Select(d => d.Name).ToArray());
            Assert.True((await h.LookupDomainByNameAsync("off1", None)).Autostart);
        }

        [Fact]
        public async Task ListDomains_IsInDefinitionOrder()
        {
            using var files = new TestNodeFiles();
            using var h = new TestDriverRegistry().OpenFile(files.SeveralDomains());
            Assert.Equal(new[] { "run1", "off1", "paused1", "trans1", "saved1", "fromfile", "crashed1" },
                (await h.ListDomainsAsync(DomainListFlags.None, None)).Select(d => d.Name).ToArray());
        }

        [Fact]
        public async Task FileConnection_IdentityAndLookups()
        {
            using var files = new TestNodeFiles();
            var path = files.SeveralDomains();
            using var h = new TestDriverRegistry().OpenFile(path);
            Assert.Equal("test://" + path, (await h.GetIdentityAsync(None)).Uri);
            Assert.Equal("x86_64", (await h.GetNodeInfoAsync(None)).Model);
            Assert.Equal("paused1", (await h.LookupDomainByIdAsync(2, None)).Name);
            Assert.Equal("run1", (await h.LookupDomainByUuidAsync(new Guid("11111111-2222-3333-4444-555555555555"), None)).Name);
            var saved = await h.LookupDomainByNameAsync("saved1", None);
            Assert.Null(saved.Id);
            Assert.Equal(977UL, saved.MaxMemoryKiB);
            // the test driver reports the wall clock as CPU time for shut-off domains too
            Assert.True(saved.CpuTimeNs > 1_600_000_000UL * 1_000_000_000UL);
        }

        [Fact]
        public async Task StateChanges_LikeLibvirt()
        {
            using var h = Default();
            var d = await h.LookupDomainByNameAsync("test", None);

            await h.SuspendDomainAsync(d, None);
            var now = await h.LookupDomainByNameAsync("test", None);
            Assert.Equal((DomainState.Paused, 1), (now.State, now.StateReason));
            var e = await Fails(() => h.SuspendDomainAsync(d, None));
            Assert.Equal("internal error: domain 'test' not running", e.Message);
            Assert.Equal((LibvirtErrorCode.InternalError, LibvirtErrorDomain.Test), (e.Code, e.Domain));

            await h.ResumeDomainAsync(d, None);
            now = await h.LookupDomainByNameAsync("test", None);
            Assert.Equal((DomainState.Running, 5), (now.State, now.StateReason));
            e = await Fails(() => h.ResumeDomainAsync(d, None));
            Assert.Equal("internal error: domain 'test' not paused", e.Message);

            await h.DestroyDomainAsync(d, None);
            now = await h.LookupDomainByNameAsync("test", None);
            Assert.Equal((DomainState.Shutoff, 2, (int?)null), (now.State, now.StateReason, now.Id));
            e = await Fails(() => h.DestroyDomainAsync(d, None));
            Assert.Equal("Requested operation is not valid: domain is not running", e.Message);
            Assert.Equal((LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Domain), (e.Code, e.Domain));
            Assert.Equal("internal error: domain 'test' not running", (await Fails(() => h.SuspendDomainAsync(d, None))).Message);
            Assert.Equal("internal error: domain 'test' not paused", (await Fails(() => h.ResumeDomainAsync(d, None))).Message);
            Assert.Equal("internal error: domain 'test' not running", (await Fails(() => h.ShutdownDomainAsync(d, None))).Message);
            Assert.Equal("Requested operation is not valid: domain is not running", (await Fails(() => h.RebootDomainAsync(d, None))).Message);

            await h.StartDomainAsync(d, None);
            now = await h.LookupDomainByNameAsync("test", None);
            Assert.Equal((DomainState.Running, 1, (int?)2), (now.State, now.StateReason, now.Id)); // ids are not reused
            e = await Fails(() => h.StartDomainAsync(d, None));
            Assert.Equal("internal error: Domain 'test' is already running", e.Message);

            await h.ShutdownDomainAsync(d, None);
            now = await h.LookupDomainByNameAsync("test", None);
            Assert.Equal((DomainState.Shutoff, 1), (now.State, now.StateReason));

            await h.StartDomainAsync(d, None);
            await h.RebootDomainAsync(d, None);
            now = await h.LookupDomainByNameAsync("test", None);
            Assert.Equal((DomainState.Running, 1, (int?)3), (now.State, now.StateReason, now.Id));
        }

        [Fact]
        public async Task StateChanges_FileDomains()
        {
            using var files = new TestNodeFiles();
            using var h = new TestDriverRegistry().OpenFile(files.SeveralDomains());

            var saved = await h.LookupDomainByNameAsync("saved1", None);
            await h.StartDomainAsync(saved, None);
            Assert.Equal(6, (await h.LookupDomainByNameAsync("saved1", None)).Id);
            Assert.Empty(await h.ListDomainsAsync(DomainListFlags.ManagedSave, None)); // starting drops the managed save

            var crashed = await h.LookupDomainByNameAsync("crashed1", None);
            Assert.Equal("internal error: Domain 'crashed1' is already running", (await Fails(() => h.StartDomainAsync(crashed, None))).Message);
            await h.SuspendDomainAsync(crashed, None); // only shutoff and paused refuse
            Assert.Equal(DomainState.Paused, (await h.LookupDomainByNameAsync("crashed1", None)).State);

            // a transient domain disappears when it stops; later calls on it name its uuid
            var trans = await h.LookupDomainByNameAsync("trans1", None);
            await h.ShutdownDomainAsync(trans, None);
            Assert.Equal("Domain not found", (await Fails(() => h.LookupDomainByNameAsync("trans1", None))).Message);
            var e = await Fails(() => h.SuspendDomainAsync(trans, None));
            Assert.Equal("Domain not found: no domain with matching uuid '" + trans.Uuid.ToString("D") + "' (trans1)", e.Message);
            Assert.Equal((LibvirtErrorCode.NoDomain, LibvirtErrorDomain.Test), (e.Code, e.Domain));

            // reboot of a paused domain: running again, reason booted, same id
            var run1 = await h.LookupDomainByNameAsync("run1", None);
            await h.SuspendDomainAsync(run1, None);
            await h.RebootDomainAsync(run1, None);
            var now = await h.LookupDomainByNameAsync("run1", None);
            Assert.Equal((DomainState.Running, 1, (int?)1), (now.State, now.StateReason, now.Id));

            // a paused domain shuts down
            var paused = await h.LookupDomainByNameAsync("paused1", None);
            await h.ShutdownDomainAsync(paused, None);
            Assert.Equal((DomainState.Shutoff, 1), ((await h.LookupDomainByNameAsync("paused1", None)).State, (await h.LookupDomainByNameAsync("paused1", None)).StateReason));
        }

        [Fact]
        public async Task LifecycleActions()
        {
            using var files = new TestNodeFiles();
            var path = files.Node(TestNodeFiles.Domain("rs", "<on_poweroff>restart</on_poweroff><on_reboot>destroy</on_reboot>"));
            using var h = new TestDriverRegistry().OpenFile(path);
            var d = await h.LookupDomainByNameAsync("rs", None);
            await h.ShutdownDomainAsync(d, None); // on_poweroff restart: keeps running
            var now = await h.LookupDomainByNameAsync("rs", None);
            Assert.Equal((DomainState.Running, 1, (int?)1), (now.State, now.StateReason, now.Id));
            await h.RebootDomainAsync(d, None); // on_reboot destroy: shut off (reason shutdown)
            now = await h.LookupDomainByNameAsync("rs", None);
            Assert.Equal((DomainState.Shutoff, 1), (now.State, now.StateReason));
        }

        [Fact]
        public async Task ReadOnly_RefusesChanges()
        {
            using var h = Default(readOnly: true);
            var d = await h.LookupDomainByNameAsync("test", None);
            foreach (var (call, function) in new (Func<Task>, string)[]
            {
                (() => h.SuspendDomainAsync(d, None), "virDomainSuspend"),
                (() => h.SetDomainAutostartAsync(d, true, None), "virDomainSetAutostart"),
                (() => h.StartDomainAsync(d, None), "virDomainCreate"),
                (() => h.DestroyDomainAsync(d, None), "virDomainDestroy"),
            })
            {
                var e = await Fails(call);
                Assert.Equal("operation forbidden: read only access prevents " + function, e.Message);
                Assert.Equal(LibvirtErrorCode.OperationDenied, e.Code);
                Assert.Equal(LibvirtErrorDomain.Domain, e.Domain);
            }
            Assert.NotNull(await h.GetDomainXmlAsync(d, None));
        }

        [Fact]
        public async Task Close_IsIdempotentAndRaisesClosedOnce()
        {
            var h = Default();
            int raised = 0;
            Exception? reason = new Exception("not raised");
            h.Closed += (s, e) => { raised++; reason = e; Assert.Same(h, s); };
            Assert.True(h.IsAlive);
            await h.CloseAsync(None);
            await h.CloseAsync(None);
            h.Dispose();
            Assert.False(h.IsAlive);
            Assert.Null(h.CloseReason);
            Assert.Equal(1, raised);
            Assert.Null(reason);
        }

        [Fact]
        public async Task ClosedConnection_Refuses()
        {
            var h = Default();
            await h.CloseAsync(None);
            var e = await Fails(() => h.GetNodeInfoAsync(None));
            Assert.Equal(LibvirtErrorCode.InvalidConn, e.Code);
            Assert.Equal("invalid connection pointer in virNodeGetInfo", e.Message);
            await Fails(() => h.LookupDomainByNameAsync("test", None));
            await Fails(() => h.ListDomainsAsync(DomainListFlags.None, None));
        }

        [Fact]
        public async Task Cancellation()
        {
            using var h = Default();
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.GetNodeInfoAsync(cts.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.ListDomainsAsync(DomainListFlags.None, cts.Token));
        }

        [Fact]
        public async Task ConcurrentUse()
        {
            var registry = new TestDriverRegistry();
            using var h1 = registry.OpenDefault();
            using var h2 = registry.OpenDefault();
            var d = await h1.LookupDomainByNameAsync("test", None);
            var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                var h = i % 2 == 0 ? h1 : h2;
                for (int k = 0; k < 200; k++)
                {
                    try { await h.SuspendDomainAsync(d, None); } catch (LibvirtException) { }
                    try { await h.ResumeDomainAsync(d, None); } catch (LibvirtException) { }
                    var all = await h.ListDomainsAsync(DomainListFlags.None, None);
                    Assert.Single(all);
                }
            })).ToArray();
            await Task.WhenAll(tasks);
            var state = (await h2.LookupDomainByNameAsync("test", None)).State;
            Assert.True(state == DomainState.Running || state == DomainState.Paused);
        }

        [Fact]
        public async Task FromState_StandsAlone()
        {
            var state = TestNodeXmlLoader.LoadString("<node>" + TestNodeFiles.Domain("x") + "</node>");
            using var h = TestHypervisor.FromState(state, "test:///custom");
            Assert.Equal("test:///custom", (await h.GetIdentityAsync(None)).Uri);
            Assert.Equal("x", (await h.LookupDomainByIdAsync(1, None)).Name);
            Assert.False(h.IsDefault);
        }
    }
}
