// Snapshots and device calls: the same scenario on the real daemon's test driver (remote driver over its unix socket)
// and on the embedded test driver must give the same transcript (snapshot tree, current snapshot, domain state,
// error code/domain/text, snapshot XML up to the creation time); on the real daemon virsh is the oracle in both
// directions (what we create virsh lists with the same parent and current snapshot; what virsh creates we see).
// test:///default resets when its last connection closes, so every virsh check happens while our connection is open.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class SnapshotTests : IClassFixture<LibvirtdFixture>
    {
        private static readonly Guid TestUuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");
        private readonly LibvirtdFixture _fx;
        private readonly Xunit.Abstractions.ITestOutputHelper _out;

        public SnapshotTests(LibvirtdFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
        {
            _fx = fixture;
            _out = output;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
        }

        private static TestHypervisor Embedded() => TestHypervisor.FromState(TestDefaultNode.Create(), "test:///default");

        private static string Snap(string name, string? description = null) =>
            "<domainsnapshot><name>" + name + "</name>" + (description != null ? "<description>" + description + "</description>" : "") + "</domainsnapshot>";

        /// <summary>A run of snapshot operations; each step's outcome (or error) and the tree after it go into the transcript.</summary>
        private static async Task<List<string>> ScenarioAsync(IHypervisor hv, CancellationToken ct)
        {
            var t = new List<string>();
            async Task Step(string what, Func<Task<string>> action)
            {
                string outcome;
                try { outcome = await action(); }
                catch (LibvirtException e) { outcome = "error " + (int)e.Code + "/" + (int)e.Domain + " " + e.Message; }
                var list = await hv.ListDomainSnapshotsAsync(TestUuid, ct);
                var tree = string.Join(", ", list.OrderBy(s => s.Name, StringComparer.Ordinal)
                    .Select(s => s.Name + "<" + (s.Parent ?? "-") + (s.IsCurrent ? "*" : "") + ":" + s.State + (s.HasMetadata ? "" : "!meta")));
                var d = await hv.LookupDomainByUuidAsync(TestUuid, ct);
                t.Add(what + " => " + outcome + " | " + tree + " | " + d.State + "/" + d.StateReason + " id " + (d.Id?.ToString() ?? "-"));
            }
            Task<string> Done(Task task) => task.ContinueWith(x => { x.GetAwaiter().GetResult(); return "ok"; }, TaskScheduler.Default);

            await Step("list empty", () => Task.FromResult("ok"));
            await Step("current none", async () => (await hv.GetCurrentDomainSnapshotAsync(TestUuid, ct)).Name);
            await Step("create s1", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("s1", "first &lt;one&gt;"), 0, ct)).Name);
            await Step("create s2", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("s2"), DomainSnapshotCreateFlags.Atomic | DomainSnapshotCreateFlags.Live, ct)).Name);
            await Step("create s1 again", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("s1"), 0, ct)).Name);
            await Step("create disk-only", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("x"), DomainSnapshotCreateFlags.DiskOnly, ct)).Name);
            await Step("create no-metadata", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("x"), DomainSnapshotCreateFlags.NoMetadata, ct)).Name);
            await Step("create current w/o redefine", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("x"), DomainSnapshotCreateFlags.Current, ct)).Name);
            await Step("create bad root", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, "<foo/>", 0, ct)).Name);
            await Step("create unknown disk", async () => (await hv.CreateDomainSnapshotAsync(TestUuid,
                "<domainsnapshot><name>x</name><disks><disk name='vdz'/></disks></domainsnapshot>", 0, ct)).Name);
            await Step("suspend", () => Done(hv.SuspendDomainAsync(TestUuid, ct)));
            await Step("create p1 (paused)", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("p1"), 0, ct)).Name);
            await Step("create h1 halt", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("h1"), DomainSnapshotCreateFlags.Halt, ct)).Name);
            await Step("create o1 (shut off)", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("o1"), 0, ct)).Name);
            await Step("lookup s2", async () => { var s = await hv.GetDomainSnapshotAsync(TestUuid, "s2", ct); return s.Name + " parent " + s.Parent + " " + s.Memory; });
            await Step("lookup missing", async () => (await hv.GetDomainSnapshotAsync(TestUuid, "nope", ct)).Name);
            await Step("revert s1", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "s1", 0, ct)));
            await Step("revert p1", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "p1", 0, ct)));
            await Step("revert p1 running", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "p1", DomainSnapshotRevertFlags.Running, ct)));
            await Step("revert s2 paused", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "s2", DomainSnapshotRevertFlags.Paused, ct)));
            await Step("revert o1", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "o1", 0, ct)));
            await Step("revert o1 running", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "o1", DomainSnapshotRevertFlags.Running, ct)));
            await Step("revert running+paused", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "s1", DomainSnapshotRevertFlags.Running | DomainSnapshotRevertFlags.Paused, ct)));
            await Step("revert missing", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "nope", 0, ct)));
            await Step("revert s2", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "s2", 0, ct)));
            await Step("create c1 under s2", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("c1"), 0, ct)).Name);
            await Step("create c2", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, Snap("c2"), 0, ct)).Name);
            await Step("delete metadata-only", () => Done(hv.DeleteDomainSnapshotAsync(TestUuid, "c2", DomainSnapshotDeleteFlags.MetadataOnly, ct)));
            await Step("delete children+only", () => Done(hv.DeleteDomainSnapshotAsync(TestUuid, "c2", DomainSnapshotDeleteFlags.Children | DomainSnapshotDeleteFlags.ChildrenOnly, ct)));
            await Step("delete s2 (re-parent)", () => Done(hv.DeleteDomainSnapshotAsync(TestUuid, "s2", 0, ct)));
            await Step("delete c2 (current)", () => Done(hv.DeleteDomainSnapshotAsync(TestUuid, "c2", 0, ct)));
            await Step("delete s1 children-only", () => Done(hv.DeleteDomainSnapshotAsync(TestUuid, "s1", DomainSnapshotDeleteFlags.ChildrenOnly, ct)));
            await Step("delete s1 children", () => Done(hv.DeleteDomainSnapshotAsync(TestUuid, "s1", DomainSnapshotDeleteFlags.Children, ct)));
            await Step("delete missing", () => Done(hv.DeleteDomainSnapshotAsync(TestUuid, "nope", 0, ct)));
            await Step("attach device", () => Done(hv.AttachDeviceAsync(TestUuid, "<disk type='file'><source file='/tmp/x.img'/><target dev='vdb'/></disk>", DomainDeviceModifyFlags.Live, ct)));
            await Step("detach device", () => Done(hv.DetachDeviceAsync(TestUuid, "<disk type='file'><source file='/tmp/x.img'/><target dev='vdb'/></disk>", DomainDeviceModifyFlags.Config, ct)));
            await Step("update device", () => Done(hv.UpdateDeviceAsync(TestUuid, "<disk type='file' device='cdrom'><target dev='hdc'/></disk>", DomainDeviceModifyFlags.Force, ct)));
            return t;
        }

        [SkippableFact(Timeout = 120000)]
        public async Task Scenario_RealDaemonAndEmbeddedDriver_GiveTheSameTranscript()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var real = await ScenarioAsync(conn.Hypervisor, cts.Token);
            using var embedded = Embedded();
            var ours = await ScenarioAsync(embedded, cts.Token);
            foreach (var line in real) _out.WriteLine(line);
            for (int i = 0; i < Math.Max(real.Count, ours.Count); i++)
                Assert.Equal(i < real.Count ? real[i] : "(none)", i < ours.Count ? ours[i] : "(none)");
            // the scenario really exercised the tree: re-parenting and errors are in it
            Assert.Contains(real, l => l.StartsWith("delete s2 (re-parent) => ok", StringComparison.Ordinal));
            Assert.Contains(real, l => l.Contains("error 72/"));
            await conn.CloseAsync(cts.Token);
        }

        private const string TransientXml =
            "<domain type='test'><name>xunit-snap-t</name><uuid>5e1c2d3e-4f50-4617-8293-a4b5c6d7e8aa</uuid>" +
            "<memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>" +
            "<devices><disk type='file' device='disk'><source file='/tmp/t.img'/><target dev='vda' bus='virtio'/></disk>" +
            "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk></devices></domain>";

        /// <summary>Transient domains, a second disk layout (a CD-ROM) and a read-only connection.</summary>
        private static async Task<List<string>> TransientScenarioAsync(IHypervisor hv, IHypervisor readOnly, CancellationToken ct)
        {
            var t = new List<string>();
            async Task Step(string what, Func<Task<string>> action)
            {
                string outcome;
                try { outcome = await action(); }
                catch (LibvirtException e) { outcome = "error " + (int)e.Code + "/" + (int)e.Domain + " " + e.Message; }
                t.Add(what + " => " + outcome);
            }
            var d = await hv.CreateDomainAsync(TransientXml, false, ct);
            await Step("halt transient", async () => (await hv.CreateDomainSnapshotAsync(d.Uuid, Snap("t0"), DomainSnapshotCreateFlags.Halt, ct)).Name);
            await Step("snapshot transient", async () =>
            {
                var s = await hv.CreateDomainSnapshotAsync(d.Uuid, Snap("t1"), 0, ct);
                return s.Name + " " + Regex.Replace(s.Xml.Substring(0, s.Xml.IndexOf("<domain ", StringComparison.Ordinal)), "<creationTime>[0-9]+</creationTime>", "T");
            });
            await Step("read-only create", async () => (await readOnly.CreateDomainSnapshotAsync(d.Uuid, Snap("ro"), 0, ct)).Name);
            await Step("read-only list", async () => string.Join(",", (await readOnly.ListDomainSnapshotsAsync(d.Uuid, ct)).Select(s => s.Name)));
            await Step("read-only revert", () => readOnly.RevertToDomainSnapshotAsync(d.Uuid, "t1", 0, ct).ContinueWith(x => { x.GetAwaiter().GetResult(); return "ok"; }, TaskScheduler.Default));
            await Step("read-only delete", () => readOnly.DeleteDomainSnapshotAsync(d.Uuid, "t1", 0, ct).ContinueWith(x => { x.GetAwaiter().GetResult(); return "ok"; }, TaskScheduler.Default));
            await Step("read-only attach", () => readOnly.AttachDeviceAsync(d.Uuid, "<disk/>", 0, ct).ContinueWith(x => { x.GetAwaiter().GetResult(); return "ok"; }, TaskScheduler.Default));
            await hv.DestroyDomainAsync(d.Uuid, ct);
            await Step("after destroy", async () => (await hv.LookupDomainByUuidAsync(d.Uuid, ct)).Name);

            // a persistent, inactive domain with snapshots: listed with HAS_SNAPSHOT, refused by a plain undefine
            var p = await hv.DefineDomainAsync(TransientXml, ct);
            await hv.CreateDomainSnapshotAsync(p.Uuid, Snap("p1"), 0, ct);
            await hv.CreateDomainSnapshotAsync(p.Uuid, Snap("p2"), 0, ct);
            await Step("has-snapshot filter", async () => string.Join(",", (await hv.ListDomainsAsync(DomainListFlags.HasSnapshot, ct)).Select(x => x.Name)));
            await Step("no-snapshot filter", async () => string.Join(",", (await hv.ListDomainsAsync(DomainListFlags.NoSnapshot, ct)).Select(x => x.Name)));
            await Step("undefine with snapshots", () => hv.UndefineDomainAsync(p.Uuid, ct).ContinueWith(x => { x.GetAwaiter().GetResult(); return "ok"; }, TaskScheduler.Default));
            await hv.DeleteDomainSnapshotAsync(p.Uuid, "p1", DomainSnapshotDeleteFlags.Children, ct);
            await Step("undefine without", () => hv.UndefineDomainAsync(p.Uuid, ct).ContinueWith(x => { x.GetAwaiter().GetResult(); return "ok"; }, TaskScheduler.Default));
            return t;
        }

        [SkippableFact(Timeout = 90000)]
        public async Task TransientAndReadOnly_RealDaemonAndEmbeddedDriverAgree()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            using var ro = await OpenAsync(UriFor(_fx, "unix-ro"), cts.Token, readOnly: true).Within(TimeSpan.FromSeconds(30), "open ro");
            var real = await TransientScenarioAsync(conn.Hypervisor, ro.Hypervisor, cts.Token);
            var state = TestDefaultNode.Create();
            using var embedded = TestHypervisor.FromState(state, "test:///default");
            using var embeddedRo = TestHypervisor.FromState(state, "test:///default", readOnly: true);
            var ours = await TransientScenarioAsync(embedded, embeddedRo, cts.Token);
            foreach (var line in real) _out.WriteLine(line);
            Assert.Equal(real, ours);
            Assert.Contains(real, l => l.StartsWith("read-only create => error 29/35", StringComparison.Ordinal));
            await conn.CloseAsync(cts.Token);
        }

        private const string NodeWithSnapshots =
            "<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n" +
            "<domain type='test'><name>fv0</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid><memory>524288</memory><vcpu>1</vcpu>" +
            "<os><type>hvm</type></os><devices><disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='vda'/></disk></devices>\n" +
            "  <test:domainsnapshot><name>snap1</name><description>first &amp; only</description><state>running</state>" +
            "<creationTime>1386166249</creationTime><active>0</active></test:domainsnapshot>\n" +
            "  <test:domainsnapshot><name>snap2</name><state>shutoff</state><parent><name>snap1</name></parent>" +
            "<creationTime>1386166250</creationTime><active>1</active></test:domainsnapshot>\n" +
            "</domain></node>\n";

        [SkippableFact(Timeout = 90000)]
        public async Task NodeFileSnapshots_ListedAndRefusedLikeTheDaemon()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "libvirtps-snapnode-" + Guid.NewGuid().ToString("N") + ".xml");
            System.IO.File.WriteAllText(file, NodeWithSnapshots);
            try
            {
                var uri = "test+unix://" + file + "?socket=" + _fx.SocketPath;
                using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
                using var embedded = TestHypervisor.FromState(TestNodeXmlLoader.LoadFile(file), "test://" + file);
                var uuid = Guid.Parse("4dea22b3-1d52-d8f3-2516-782e98ab3fa0");
                async Task<List<string>> Run(IHypervisor hv)
                {
                    var t = new List<string>();
                    foreach (var s in (await hv.ListDomainSnapshotsAsync(uuid, cts.Token)).OrderBy(x => x.Name, StringComparer.Ordinal))
                        t.Add(s.Name + " parent " + s.Parent + " current " + s.IsCurrent + " " + s.State + " " + s.CreationTime + " " + s.Description + "\n" + s.Xml);
                    try { await hv.RevertToDomainSnapshotAsync(uuid, "snap1", DomainSnapshotRevertFlags.Force, cts.Token); t.Add("revert ok"); }
                    catch (LibvirtException e) { t.Add("revert: " + (int)e.Code + "/" + (int)e.Domain + " " + e.Message); }
                    t.Add("current " + (await hv.GetCurrentDomainSnapshotAsync(uuid, cts.Token)).Name);
                    t.Add("has-snapshot " + string.Join(",", (await hv.ListDomainsAsync(DomainListFlags.HasSnapshot, cts.Token)).Select(x => x.Name)));
                    return t;
                }
                var real = await Run(conn.Hypervisor);
                var ours = await Run(embedded);
                foreach (var line in real) _out.WriteLine(line);
                Assert.Equal(real, ours);
                Assert.Contains(real, l => l.StartsWith("revert: 77/", StringComparison.Ordinal));
                await conn.CloseAsync(cts.Token);
            }
            finally
            {
                System.IO.File.Delete(file);
            }
        }

        [SkippableFact(Timeout = 90000)]
        public async Task SnapshotXml_EmbeddedFormatsLikeTheDaemon()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            using var embedded = Embedded();
            foreach (var hv in new IHypervisor[] { conn.Hypervisor, embedded })
            {
                await hv.CreateDomainSnapshotAsync(TestUuid, Snap("a", "x &amp; 'y' &lt;z&gt;"), 0, cts.Token);
                await hv.CreateDomainSnapshotAsync(TestUuid, Snap("b"), 0, cts.Token);
                await hv.DestroyDomainAsync(TestUuid, cts.Token);
                await hv.CreateDomainSnapshotAsync(TestUuid, "<domainsnapshot/>", 0, cts.Token);
            }
            string Norm(string xml) => Regex.Replace(xml, "<creationTime>[0-9]+</creationTime>", "<creationTime>T</creationTime>");
            var realList = await conn.Hypervisor.ListDomainSnapshotsAsync(TestUuid, cts.Token);
            var ourList = await embedded.ListDomainSnapshotsAsync(TestUuid, cts.Token);
            Assert.Equal(3, realList.Count);
            foreach (var name in new[] { "a", "b" })
                Assert.Equal(Norm(realList.Single(s => s.Name == name).Xml), Norm(ourList.Single(s => s.Name == name).Xml));
            // unnamed: libvirt names it after its creation time (seconds since 1970)
            var unnamed = realList.Single(s => s.Name != "a" && s.Name != "b");
            Assert.Equal(unnamed.CreationTime!.Value.ToUnixTimeSeconds().ToString(), unnamed.Name);
            var ourUnnamed = ourList.Single(s => s.Name != "a" && s.Name != "b");
            Assert.Equal(ourUnnamed.CreationTime!.Value.ToUnixTimeSeconds().ToString(), ourUnnamed.Name);
            Assert.Equal(Norm(unnamed.Xml).Replace(unnamed.Name, "N"), Norm(ourUnnamed.Xml).Replace(ourUnnamed.Name, "N"));
            Assert.Equal("x & 'y' <z>", realList.Single(s => s.Name == "a").Description);
            await conn.CloseAsync(cts.Token);
        }

        private string Virsh(string uri, params string[] args)
        {
            var r = _fx.RunVirshOn(uri, args);
            AssertVirshOk(r, "virsh " + string.Join(" ", args));
            return r.Stdout;
        }

        // virsh snapshot-list --parent: "name  time  state  parent" rows under a header
        private Dictionary<string, string> VirshParents(string uri)
        {
            var result = new Dictionary<string, string>();
            foreach (var l in Virsh(uri, "snapshot-list", "test", "--parent").Split('\n').Skip(2))
            {
                var cols = Regex.Split(l.Trim(), @"\s+");
                if (cols.Length < 5) continue;
                // name, date, time, zone, state[, parent]
                result[cols[0]] = cols.Length > 5 ? cols[5] : "-";
            }
            return result;
        }

        [SkippableFact(Timeout = 90000)]
        public async Task VirshIsTheOracle_BothDirections()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;

            // what we create, virsh sees (tree parent and current snapshot agree)
            await hv.CreateDomainSnapshotAsync(TestUuid, Snap("us1", "made by LibvirtPS"), 0, cts.Token);
            await hv.CreateDomainSnapshotAsync(TestUuid, Snap("us2"), 0, cts.Token);
            var parents = VirshParents(uri);
            Assert.Equal("-", parents["us1"]);
            Assert.Equal("us1", parents["us2"]);
            Assert.Equal("us2", Virsh(uri, "snapshot-current", "test", "--name").Trim());
            Assert.Contains("made by LibvirtPS", Virsh(uri, "snapshot-dumpxml", "test", "us1"));

            // what virsh creates, we see
            Virsh(uri, "snapshot-create-as", "test", "vs1", "--description", "made by virsh");
            Virsh(uri, "snapshot-current", "test", "us1");
            Virsh(uri, "snapshot-create-as", "test", "vs2");
            var list = await hv.ListDomainSnapshotsAsync(TestUuid, cts.Token);
            Assert.Equal(new[] { "us1", "us2", "vs1", "vs2" }, list.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal("us2", list.Single(s => s.Name == "vs1").Parent);
            Assert.Equal("made by virsh", list.Single(s => s.Name == "vs1").Description);
            Assert.Equal("us1", list.Single(s => s.Name == "vs2").Parent);
            Assert.Equal("vs2", list.Single(s => s.IsCurrent).Name);
            Assert.Equal("vs2", (await hv.GetCurrentDomainSnapshotAsync(TestUuid, cts.Token)).Name);

            // our revert and delete, as virsh sees them
            await hv.RevertToDomainSnapshotAsync(TestUuid, "vs1", DomainSnapshotRevertFlags.Paused, cts.Token);
            Assert.Equal("vs1", Virsh(uri, "snapshot-current", "test", "--name").Trim());
            Assert.StartsWith("paused", Virsh(uri, "domstate", "test").Trim());
            await hv.DeleteDomainSnapshotAsync(TestUuid, "us1", DomainSnapshotDeleteFlags.Children, cts.Token);
            Assert.Equal("", Virsh(uri, "snapshot-list", "test", "--name").Trim());
            await conn.CloseAsync(cts.Token);
        }

        [Fact]
        public void DeviceArgs_EncodeAsRemoteProtocol()
        {
            // remote_domain_attach_device_flags_args: dom (name, uuid[16], id), xml, flags — XDR big-endian, padded to 4
            var dom = new RemoteNonnullDomain("t", LibvirtUuid.ToBytes(TestUuid), 3);
            var args = RemoteHypervisor.DeviceArgs(dom, "<x/>", DomainDeviceModifyFlags.Live | DomainDeviceModifyFlags.Config);
            var w = new XdrWriter();
            args.WriteTo(w);
            var expected = new List<byte>();
            expected.AddRange(new byte[] { 0, 0, 0, 1, (byte)'t', 0, 0, 0 });
            expected.AddRange(LibvirtUuid.ToBytes(TestUuid));
            expected.AddRange(new byte[] { 0, 0, 0, 3 });
            expected.AddRange(new byte[] { 0, 0, 0, 4, (byte)'<', (byte)'x', (byte)'/', (byte)'>' });
            expected.AddRange(new byte[] { 0, 0, 0, 3 });
            Assert.Equal(expected.ToArray(), w.ToArray());
        }
    }
}
