// Snapshot redefinition (VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE [| CURRENT]): the same scenario on the real daemon's test
// driver and on the embedded one must give the same transcript: each step's outcome or error (code/domain/text), the
// snapshot tree with the current snapshot, the domain's state, and the redefined snapshots' XML. virsh is the oracle
// for what users do: snapshot-dumpxml, edit, snapshot-create --redefine [--current].

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class SnapshotRedefineTests : IClassFixture<LibvirtdFixture>
    {
        private static readonly Guid TestUuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");
        private const DomainSnapshotCreateFlags R = DomainSnapshotCreateFlags.Redefine;
        private readonly LibvirtdFixture _fx;
        private readonly Xunit.Abstractions.ITestOutputHelper _out;

        public SnapshotRedefineTests(LibvirtdFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
        {
            _fx = fixture;
            _out = output;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
        }

        // snapshots made by create carry the time of the call: the two drivers differ there only
        private static string NormTime(string xml) => Regex.Replace(xml, "<creationTime>[0-9]{10,}</creationTime>", "<creationTime>T</creationTime>");

        private static string Bare(string name, string state, string rest = "") =>
            "<domainsnapshot><name>" + name + "</name><state>" + state + "</state><creationTime>1000</creationTime>" + rest + "</domainsnapshot>";

        /// <param name="image">A regular file on this host (the daemon's too): external snapshots are named after it.</param>
        private static async Task<List<string>> ScenarioAsync(IHypervisor hv, string image, CancellationToken ct)
        {
            var t = new List<string>();
            async Task Step(string what, Func<Task<string>> action)
            {
                string outcome;
                try { outcome = await action(); }
                catch (LibvirtException e) { outcome = "error " + (int)e.Code + "/" + (int)e.Domain + " " + e.Message; }
                var list = await hv.ListDomainSnapshotsAsync(TestUuid, ct);
                var tree = string.Join(", ", list.OrderBy(s => s.Name, StringComparer.Ordinal)
                    .Select(s => s.Name + "<" + (s.Parent ?? "-") + (s.IsCurrent ? "*" : "") + ":" + s.State));
                var d = await hv.LookupDomainByUuidAsync(TestUuid, ct);
                t.Add(what + " => " + outcome + " | " + tree + " | " + d.State + "/" + d.StateReason + " id " + (d.Id?.ToString() ?? "-"));
            }
            Task<string> Redefine(string xml, DomainSnapshotCreateFlags flags = R) =>
                hv.CreateDomainSnapshotAsync(TestUuid, xml, flags, ct).ContinueWith(x => x.GetAwaiter().GetResult().Name, TaskScheduler.Default);
            async Task<string> Xml(string name) => NormTime((await hv.GetDomainSnapshotAsync(TestUuid, name, ct)).Xml);
            Task<string> Done(Task task) => task.ContinueWith(x => { x.GetAwaiter().GetResult(); return "ok"; }, TaskScheduler.Default);

            await Step("create s1", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, "<domainsnapshot><name>s1</name><description>d1</description></domainsnapshot>", 0, ct)).Name);
            await Step("create s2", async () => (await hv.CreateDomainSnapshotAsync(TestUuid, "<domainsnapshot><name>s2</name></domainsnapshot>", 0, ct)).Name);
            var x1 = (await hv.GetDomainSnapshotAsync(TestUuid, "s1", ct)).Xml;
            var x2 = (await hv.GetDomainSnapshotAsync(TestUuid, "s2", ct)).Xml;
            var dom = x1.Substring(x1.IndexOf("  <domain type", StringComparison.Ordinal), x1.IndexOf("</domainsnapshot>", StringComparison.Ordinal) - x1.IndexOf("  <domain type", StringComparison.Ordinal));

            // redefining an existing snapshot's metadata; CURRENT makes it current
            await Step("redefine s1 as dumped", () => Redefine(x1));
            await Step("redefine s1 description", () => Redefine(x1.Replace("<description>d1</description>", "<description>new &amp; better</description>")));
            await Step("s1 xml", () => Xml("s1"));
            await Step("redefine s1 current", () => Redefine(x1, R | DomainSnapshotCreateFlags.Current));
            await Step("redefine s1 paused, other time", () => Redefine(x1.Replace("<state>running</state>", "<state>paused</state>").Replace("<creationTime>", "<creationTime>1")));
            await Step("s1 xml after", () => Xml("s1"));

            // parse errors, in libvirt's order
            await Step("no creationTime", () => Redefine("<domainsnapshot><name>m</name></domainsnapshot>"));
            await Step("bad creationTime", () => Redefine("<domainsnapshot><name>m</name><creationTime>soon</creationTime></domainsnapshot>"));
            await Step("no name", () => Redefine("<domainsnapshot><creationTime>5</creationTime><state>running</state></domainsnapshot>"));
            await Step("empty name", () => Redefine("<domainsnapshot><name></name><creationTime>5</creationTime><state>running</state></domainsnapshot>"));
            await Step("no state", () => Redefine("<domainsnapshot><name>m</name><creationTime>5</creationTime></domainsnapshot>"));
            await Step("bad state", () => Redefine(Bare("m", "bogus")));
            await Step("nostate", () => Redefine(Bare("m", "nostate")));
            await Step("offline with memory", () => Redefine(Bare("m", "shutoff", "<memory snapshot='internal'/>")));
            await Step("memory manual", () => Redefine(Bare("m", "running", "<memory snapshot='manual'/>")));
            await Step("memory external no file", () => Redefine(Bare("m", "running", "<memory snapshot='external'/>")));
            await Step("memory file not external", () => Redefine(Bare("m", "running", "<memory snapshot='internal' file='/tmp/m'/>")));
            await Step("memory bogus", () => Redefine(Bare("m", "running", "<memory snapshot='bogus'/>")));
            await Step("memory file relative", () => Redefine(Bare("m", "running", "<memory snapshot='external' file='m.save'/>")));
            await Step("memory external", () => Redefine(Bare("m", "running", "<memory snapshot='external' file='/tmp/m.save'/>" + dom)));
            await Step("domain without name", () => Redefine(Bare("m", "running", "<domain type='test'><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid></domain>")));
            await Step("disk without name", () => Redefine(Bare("m", "running", "<disks><disk snapshot='internal'/></disks>" + dom)));
            await Step("bare, no domain", () => Redefine(Bare("m", "running")));
            await Step("bad root", () => Redefine("<snapshot/>"));

            // the tree: parent must exist, no cycles
            await Step("parent missing", () => Redefine(Bare("n", "running", "<parent><name>zz</name></parent>" + dom)));
            await Step("own parent", () => Redefine(Bare("n", "running", "<parent><name>n</name></parent>" + dom)));
            await Step("cycle s1 under s2", () => Redefine(Bare("s1", "running", "<parent><name>s2</name></parent>")));

            // the existing snapshot's kind and domain
            await Step("other uuid", () => Redefine(Bare("u", "running", "<domain type='test'><name>test</name><uuid>11111111-2222-3333-4444-555555555555</uuid><memory>1024</memory><os><type>hvm</type></os></domain>")));
            await Step("online to offline", () => Redefine(x1.Replace("<state>running</state>", "<state>shutoff</state>").Replace("<memory snapshot='internal'/>", "<memory snapshot='no'/>")));
            await Step("online to disk-only", () => Redefine(x1.Replace("<state>running</state>", "<state>disk-snapshot</state>").Replace("<memory snapshot='internal'/>", "<memory snapshot='no'/>")));
            await Step("vcpu max change", () => Redefine(x1.Replace("<vcpu placement='static'>2</vcpu>", "<vcpu placement='static'>1</vcpu>")));
            await Step("vcpu count change", () => Redefine(x1.Replace("<vcpu placement='static'>2</vcpu>", "<vcpu placement='static' current='1'>2</vcpu>")));
            await Step("max memory change", () => Redefine(x1.Replace("<memory unit='KiB'>8388608</memory>", "<memory unit='KiB'>4194304</memory>")));
            await Step("current memory change", () => Redefine(x1.Replace("<currentMemory unit='KiB'>2097152</currentMemory>", "<currentMemory unit='KiB'>1048576</currentMemory>")));
            await Step("name change", () => Redefine(x1.Replace("<name>test</name>", "<name>other</name>")));
            await Step("os type change", () => Redefine(x1.Replace("<type arch='i686'>hvm</type>", "<type arch='i686'>xen</type>")));
            await Step("arch change", () => Redefine(x1.Replace("<type arch='i686'>hvm</type>", "<type arch='x86_64'>hvm</type>")));
            await Step("disk device change", () => Redefine(x1.Replace("<disk type='file' device='disk'>", "<disk type='file' device='lun'>")));
            await Step("disk bus change", () => Redefine(x1.Replace("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='scsi'/>")));
            await Step("disk target change", () => Redefine(x1.Replace("<target dev='vda' bus='virtio'/>", "<target dev='vdb' bus='virtio'/>")));
            await Step("mac change", () => Redefine(x1.Replace("aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:00")));
            await Step("no interface", () => Redefine(Regex.Replace(x1, "      <interface.*?</interface>\n", "", RegexOptions.Singleline)));
            await Step("no disk", () => Redefine(Regex.Replace(x1, "      <disk type.*?</disk>\n", "", RegexOptions.Singleline)));
            await Step("source and lifecycle change (not ABI)", () => Redefine(x1.Replace("/guest/diskimage1", "/guest/other").Replace("<on_reboot>restart</on_reboot>", "<on_reboot>destroy</on_reboot>")));
            await Step("s1 xml changed", () => Xml("s1"));
            await Step("virt type change", () => Redefine(x1.Replace("<domain type='test'>", "<domain type='qemu'>")));

            // flags
            await Step("no-metadata", () => Redefine(x1, R | DomainSnapshotCreateFlags.NoMetadata));
            await Step("halt", () => Redefine(x1, R | DomainSnapshotCreateFlags.Halt));
            await Step("disk-only", () => Redefine(x1, R | DomainSnapshotCreateFlags.DiskOnly));
            await Step("reuse-ext", () => Redefine(x1, R | DomainSnapshotCreateFlags.ReuseExternal));
            await Step("live+validate+atomic+quiesce", () => Redefine(x1, R | DomainSnapshotCreateFlags.Live | DomainSnapshotCreateFlags.Validate | DomainSnapshotCreateFlags.Atomic | DomainSnapshotCreateFlags.Quiesce));

            // disks against the definition
            await Step("unknown disk", () => Redefine(Bare("n4", "running", "<disks><disk name='vdz'/></disks>" + dom)));
            await Step("disk twice", () => Redefine(Bare("n4", "running", "<disks><disk name='vda'/><disk name='vda'/></disks>" + dom)));
            await Step("disk not internal", () => Redefine(Bare("n4", "running", "<disks><disk name='vda' snapshot='no'/></disks>" + dom)));
            await Step("disk mode bogus", () => Redefine(Bare("n4", "running", "<disks><disk name='vda' snapshot='bogus'/></disks>" + dom)));
            await Step("disk manual", () => Redefine(Bare("n4", "running", "<disks><disk name='vda' snapshot='manual'/></disks>" + dom)));
            // external snapshots: the new image is named after the disk's source, which must be a regular file
            var fileDom = dom.Replace("/guest/diskimage1", image);
            await Step("external memory and disk", () => Redefine(Bare("e1", "running", "<memory snapshot='external' file='/tmp/e1.save'/>\n" + fileDom)));
            await Step("e1 xml", () => Xml("e1"));
            await Step("external disk given", () => Redefine(Bare("e2", "disk-snapshot", "<disks><disk name='" + image + "'><driver type='qcow2'/><source file='/tmp/e2 &amp; x.qcow2'/></disk></disks>\n" + fileDom)));
            await Step("e2 xml", () => Xml("e2"));
            await Step("revert e1 (external, running)", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "e1", 0, ct)));
            await Step("revert e2 (disk-only)", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "e2", 0, ct)));
            await Step("disk by source, internal", () => Redefine(Bare("e3", "running", "<disks><disk name='" + image + "'/></disks>\n" + fileDom)));
            var twoDisks = fileDom.Replace("    </devices>", "      <disk type='file' device='disk'>\n        <source file='/guest/other'/>\n        <target dev='vdb' bus='virtio'/>\n      </disk>\n    </devices>");
            await Step("disk twice, by target and source", () => Redefine(Bare("e4", "running", "<disks><disk name='vda'/><disk name='" + image + "'/></disks>" + twoDisks)));
            await Step("internal disk with file", () => Redefine(Bare("e4", "running", "<disks><disk name='vda' snapshot='internal'><source file='/tmp/e4'/></disk></disks>" + fileDom)));
            await Step("disk driver bogus", () => Redefine(Bare("e4", "running", "<disks><disk name='vda'><driver type='bogus'/></disk></disks>" + fileDom)));
            await Step("disk path relative", () => Redefine(Bare("e4", "running", "<disks><disk name='vda'><source file='rel.img'/></disk></disks>" + fileDom)));
            await Step("disk type volume", () => Redefine(Bare("e4", "running", "<disks><disk name='vda' type='volume'/></disks>" + fileDom)));
            await Step("disk type bogus", () => Redefine(Bare("e4", "running", "<disks><disk name='vda' type='bogus'/></disks>" + fileDom)));
            await Step("disk external", () => Redefine(Bare("n5", "running", "<disks><disk name='vda' snapshot='external'/></disks>" + dom)));

            // new snapshots from full XML: parent linkage, current, no domain of their own
            var n1 = x1.Replace("<name>s1</name>", "<name>n1</name>").Replace("<description>d1</description>", "<description>from s1</description>")
                .Replace("  <creationTime>", "  <parent>\n    <name>s2</name>\n  </parent>\n  <creationTime>");
            await Step("define n1 under s2", () => Redefine(n1));
            await Step("n1 xml", () => Xml("n1"));
            await Step("define n2 current, shut off", () => Redefine(Bare("n2", "shutoff", "<parent><name>n1</name></parent>\n" + dom), R | DomainSnapshotCreateFlags.Current));
            await Step("n2 xml", () => Xml("n2"));
            await Step("offline to disk-only", () => Redefine(Bare("n2", "disk-snapshot", "<parent><name>n1</name></parent>\n" + dom)));
            await Step("define n3 time 0", () => Redefine("<domainsnapshot><name>n3</name><state>running</state><creationTime>0</creationTime>" + dom + "</domainsnapshot>"));
            await Step("n3 xml", () => Xml("n3"));
            await Step("redefine s1 without domain", () => Redefine(Bare("s1", "running")));
            await Step("s1 xml bare", () => Xml("s1"));
            await Step("revert s1 (no definition)", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "s1", 0, ct)));
            await Step("revert n2", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "n2", 0, ct)));
            await Step("revert n1", () => Done(hv.RevertToDomainSnapshotAsync(TestUuid, "n1", 0, ct)));

            // re-parenting by redefinition, then a delete that follows the new links
            await Step("s2 to root", () => Redefine(x2.Replace("  <parent>\n    <name>s1</name>\n  </parent>\n", "")));
            await Step("s1 under n3", () => Redefine(x1.Replace("  <creationTime>", "  <parent>\n    <name>n3</name>\n  </parent>\n  <creationTime>")));
            await Step("s2 under s1 again", () => Redefine(x2));
            await Step("delete s1 (re-parent)", () => Done(hv.DeleteDomainSnapshotAsync(TestUuid, "s1", 0, ct)));
            await Step("delete n3 children", () => Done(hv.DeleteDomainSnapshotAsync(TestUuid, "n3", DomainSnapshotDeleteFlags.Children, ct)));
            return t;
        }

        [SkippableFact(Timeout = 120000)]
        public async Task Redefine_RealDaemonAndEmbeddedDriver_GiveTheSameTranscript()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "libvirtps-redefine-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            var image = System.IO.Path.Combine(dir, "disk.img");
            System.IO.File.WriteAllText(image, "");
            List<string> real, ours;
            try
            {
                real = await ScenarioAsync(conn.Hypervisor, image, cts.Token);
                using var embedded = TestHypervisor.FromState(TestDefaultNode.Create(), "test:///default");
                ours = await ScenarioAsync(embedded, image, cts.Token);
            }
            finally
            {
                System.IO.Directory.Delete(dir, true);
            }
            foreach (var line in real) _out.WriteLine(line);
            for (int i = 0; i < Math.Max(real.Count, ours.Count); i++)
                Assert.Equal(i < real.Count ? real[i] : "(none)", i < ours.Count ? ours[i] : "(none)");
            // the scenario really redefined and really refused
            Assert.Contains(real, l => l.StartsWith("redefine s1 current => s1 |", StringComparison.Ordinal) && l.Contains("s1<-*:"));
            Assert.Contains(real, l => l.StartsWith("cycle s1 under s2 => error 8/20", StringComparison.Ordinal));
            Assert.Contains(real, l => l.StartsWith("e1 xml => ", StringComparison.Ordinal) && l.Contains("<source file='" + image.Replace("disk.img", "disk.e1") + "'/>"));
            await conn.CloseAsync(cts.Token);
        }

        /// <summary>virsh snapshot-create --redefine [--current] reads what our redefinition wrote, and the other way round.</summary>
        [SkippableFact(Timeout = 90000)]
        public async Task VirshRedefine_SeesOursAndWeSeeVirsh()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;
            await hv.CreateDomainSnapshotAsync(TestUuid, "<domainsnapshot><name>a</name></domainsnapshot>", 0, cts.Token);
            await hv.CreateDomainSnapshotAsync(TestUuid, "<domainsnapshot><name>b</name></domainsnapshot>", 0, cts.Token);
            var a = (await hv.GetDomainSnapshotAsync(TestUuid, "a", cts.Token)).Xml;

            // ours → virsh: a redefined with a new description and made current
            await hv.CreateDomainSnapshotAsync(TestUuid, a.Replace("<name>a</name>", "<name>a</name>\n  <description>ours</description>"), R | DomainSnapshotCreateFlags.Current, cts.Token);
            Assert.Equal("a", Run(uri, "snapshot-current", "test", "--name").Trim());
            Assert.Contains("<description>ours</description>", Run(uri, "snapshot-dumpxml", "test", "a"));

            // virsh → ours: a snapshot defined from a dumped one, under b, made current
            var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "libvirtps-redefine-" + Guid.NewGuid().ToString("N") + ".xml");
            System.IO.File.WriteAllText(file, a.Replace("<name>a</name>", "<name>v</name>\n  <description>virsh</description>")
                .Replace("  <creationTime>", "  <parent>\n    <name>b</name>\n  </parent>\n  <creationTime>"));
            try { Run(uri, "snapshot-create", "test", file, "--redefine", "--current"); }
            finally { System.IO.File.Delete(file); }
            var v = await hv.GetDomainSnapshotAsync(TestUuid, "v", cts.Token);
            Assert.Equal(("b", true, "virsh"), (v.Parent, v.IsCurrent, v.Description));
            await conn.CloseAsync(cts.Token);
        }

        private string Run(string uri, params string[] args)
        {
            var r = _fx.RunVirshOn(uri, args);
            AssertVirshOk(r, "virsh " + string.Join(" ", args));
            return r.Stdout;
        }
    }
}
