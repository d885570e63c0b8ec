// Domain settings (memory, vCPUs), save/restore, managed save, undefine flags and host facts:
//   * the same script of calls runs on the embedded test driver and on a real libvirtd's test:///default; the two
//     transcripts (each call's outcome with libvirt's code/domain/message, then the domain's state) must be equal;
//   * virsh over the same daemon is the oracle for what our remote calls changed, and save files cross over:
//     saved by us and restored by virsh, saved by virsh and restored by us (embedded driver too).
// test:///default resets when its last connection closes: every check happens while our connection is open.

using System;
using System.Collections.Generic;
using System.IO;
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
    public sealed class SettingsTests : IClassFixture<LibvirtdFixture>, IDisposable
    {
        private static readonly Guid TestUuid = TestDefaultNode.DomainUuid;
        private readonly LibvirtdFixture _fx;
        private readonly string _dir;

        public SettingsTests(LibvirtdFixture fixture)
        {
            _fx = fixture;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
            _dir = Path.Combine(Path.GetTempPath(), "lvps-settings-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        /// <summary>Runs the script on <paramref name="hv"/>: one line per call and one per state.</summary>
        private async Task<List<string>> TranscriptAsync(IHypervisor hv, string saveFile, string junkFile, CancellationToken ct)
        {
            var lines = new List<string>();
            async Task Step(string what, Func<Task> call)
            {
                try
                {
                    await call();
                    lines.Add(what + ": ok");
                }
                catch (LibvirtException e)
                {
                    lines.Add(what + ": " + e.Code + "/" + e.Domain + " " + e.Message);
                }
                try
                {
                    var d = await hv.LookupDomainByUuidAsync(TestUuid, ct);
                    lines.Add("  " + d.State + "/" + d.StateReason + " max=" + d.MaxMemoryKiB + " mem=" + d.MemoryKiB + " vcpus=" + d.VCpus +
                              " persistent=" + d.Persistent);
                }
                catch (LibvirtException e)
                {
                    lines.Add("  " + e.Code);
                }
            }
            async Task Vcpus(string what)
            {
                foreach (var impact in new[] { DomainModificationImpact.Live, DomainModificationImpact.Config })
                    foreach (var max in new[] { false, true })
                        await Step(what + " get vcpus " + impact + (max ? " max" : ""), async () => lines.Add("  = " + await hv.GetDomainVcpusAsync(TestUuid, impact, max, ct)));
            }
            // the whole document while it is libvirt's formatting of the test domain (the embedded driver must match it);
            // after a define the embedded driver keeps the defined text as parsed, so only the settings are compared then
            async Task Xml(string what, bool inactive, bool whole = true) =>
                await Step(what, async () =>
                {
                    var xml = await hv.GetDomainXmlAsync(TestUuid, inactive, false, ct);
                    if (whole)
                    {
                        lines.Add(xml);
                        return;
                    }
                    foreach (var re in new[] { @"<domain\b[^>]*>", @"<memory\b[^>]*>[^<]*</memory>", @"<currentMemory\b[^>]*>[^<]*</currentMemory>", @"<vcpu\b[^>]*>[^<]*</vcpu>" })
                        lines.Add("  " + Regex.Match(xml, re).Value.Replace('"', '\'').Replace(" placement='static'", ""));
                });

            const ulong GiB = 1048576;
            await Xml("xml at start", false);
            await Step("setmem 1G", () => hv.SetDomainMemoryAsync(TestUuid, GiB, null, ct));
            await Step("setmem 9G", () => hv.SetDomainMemoryAsync(TestUuid, 9 * GiB, null, ct));
            await Step("setmem 0 current", () => hv.SetDomainMemoryAsync(TestUuid, 0, DomainModificationImpact.Current, ct));
            await Step("setmem live+config", () => hv.SetDomainMemoryAsync(TestUuid, GiB, DomainModificationImpact.Live | DomainModificationImpact.Config, ct));
            await Step("setmaxmem 4G", () => hv.SetDomainMaxMemoryAsync(TestUuid, 4 * GiB, null, ct));
            await Step("setmaxmem 4G live", () => hv.SetDomainMaxMemoryAsync(TestUuid, 4 * GiB, DomainModificationImpact.Live, ct));
            await Step("setmaxmem 4G config", () => hv.SetDomainMaxMemoryAsync(TestUuid, 4 * GiB, DomainModificationImpact.Config, ct));
            await Step("setmem 3G config", () => hv.SetDomainMemoryAsync(TestUuid, 3 * GiB, DomainModificationImpact.Config, ct));
            await Step("setvcpus 3", () => hv.SetDomainVcpusAsync(TestUuid, 3, null, false, ct));
            await Step("setvcpus 1", () => hv.SetDomainVcpusAsync(TestUuid, 1, null, false, ct));
            await Step("setvcpus max 4 config", () => hv.SetDomainVcpusAsync(TestUuid, 4, DomainModificationImpact.Config, true, ct));
            await Step("setvcpus max 4 current", () => hv.SetDomainVcpusAsync(TestUuid, 4, DomainModificationImpact.Current, true, ct));
            await Step("setvcpus 3 config", () => hv.SetDomainVcpusAsync(TestUuid, 3, DomainModificationImpact.Config, false, ct));
            await Step("setvcpus 33 config", () => hv.SetDomainVcpusAsync(TestUuid, 33, DomainModificationImpact.Config, false, ct));
            await Step("setvcpus 0 live", () => hv.SetDomainVcpusAsync(TestUuid, 0, DomainModificationImpact.Live, false, ct));
            await Step("setvcpus 5 config", () => hv.SetDomainVcpusAsync(TestUuid, 5, DomainModificationImpact.Config, false, ct));
            await Step("setvcpus 2 live+config", () => hv.SetDomainVcpusAsync(TestUuid, 2, DomainModificationImpact.Live | DomainModificationImpact.Config, false, ct));
            await Vcpus("running");
            await Xml("xml live", false);
            await Xml("xml inactive", true);
            await Step("destroy", () => hv.DestroyDomainAsync(TestUuid, ct));
            await Vcpus("shut off");
            await Xml("xml after destroy", false);
            await Step("setvcpus 2 (live) shut off", () => hv.SetDomainVcpusAsync(TestUuid, 2, null, false, ct));
            await Step("setmem 1G live shut off", () => hv.SetDomainMemoryAsync(TestUuid, GiB, DomainModificationImpact.Live, ct));
            await Step("setmaxmem 1G shut off", () => hv.SetDomainMaxMemoryAsync(TestUuid, GiB, null, ct));
            await Step("setmem 1G current shut off", () => hv.SetDomainMemoryAsync(TestUuid, GiB / 2, DomainModificationImpact.Current, ct));
            await Step("start", () => hv.StartDomainAsync(TestUuid, false, ct));
            await Step("define while running", () => hv.DefineDomainAsync(
                DomainXml("test", TestUuid, 3 * GiB / 2, 786432, 3), ct));
            await Step("config vcpus after define", async () => lines.Add("  = " + await hv.GetDomainVcpusAsync(TestUuid, DomainModificationImpact.Config, false, ct)));
            await Step("inactive memory after define", async () =>
                lines.Add("  " + Regex.Match(await hv.GetDomainXmlAsync(TestUuid, true, false, ct), @"<currentMemory\b[^>]*>[^<]*</currentMemory>").Value.Replace('"', '\'')));
            await Step("save bypass-cache", () => hv.SaveDomainAsync(TestUuid, saveFile, DomainSaveFlags.BypassCache, ct));
            await Step("save to missing dir", () => hv.SaveDomainAsync(TestUuid, Path.Combine(_dir, "no", "x"), DomainSaveFlags.None, ct));
            await Step("save", () => hv.SaveDomainAsync(TestUuid, saveFile, DomainSaveFlags.None, ct));
            await Step("save again", () => hv.SaveDomainAsync(TestUuid, saveFile, DomainSaveFlags.None, ct));
            await Step("restore paused", () => hv.RestoreDomainAsync(saveFile, DomainSaveFlags.Paused, ct));
            await Step("restore", () => hv.RestoreDomainAsync(saveFile, DomainSaveFlags.None, ct));
            await Xml("xml after restore", false);
            await Xml("xml inactive after restore", true, whole: false);
            await Step("restore again", () => hv.RestoreDomainAsync(saveFile, DomainSaveFlags.None, ct));
            await Step("restore missing", () => hv.RestoreDomainAsync(Path.Combine(_dir, "missing"), DomainSaveFlags.None, ct));
            await Step("restore junk", () => hv.RestoreDomainAsync(junkFile, DomainSaveFlags.None, ct));
            await Step("image xml name", async () => lines.Add("  " + Regex.Match(await hv.GetSaveImageXmlAsync(saveFile, ct), "<name>[^<]*</name>").Value));
            await Step("managedsave paused|bypass", () => hv.ManagedSaveDomainAsync(TestUuid, DomainSaveFlags.Paused | DomainSaveFlags.BypassCache, ct));
            await Step("has managed save", async () => lines.Add("  = " + await hv.HasManagedSaveImageAsync(TestUuid, ct)));
            await Step("undefine", () => hv.UndefineDomainFlagsAsync(TestUuid, DomainUndefineFlags.None, ct));
            await Step("undefine nvram", () => hv.UndefineDomainFlagsAsync(TestUuid, DomainUndefineFlags.Nvram | DomainUndefineFlags.ManagedSave, ct));
            await Step("undefine keep-tpm", () => hv.UndefineDomainFlagsAsync(TestUuid, DomainUndefineFlags.KeepTpm, ct));
            await Step("undefine managed-save snapshots", () => hv.UndefineDomainFlagsAsync(TestUuid, DomainUndefineFlags.ManagedSave | DomainUndefineFlags.SnapshotsMetadata, ct));
            await Step("free memory", async () => lines.Add("  = " + await hv.GetNodeFreeMemoryAsync(ct)));
            await Step("capabilities", async () => lines.Add("  = " + (await hv.GetHostCapabilitiesXmlAsync(ct)).GetHashCode()));
            return lines;
        }

        [SkippableFact(Timeout = 120000)]
        public async Task SameTranscript_OnEmbeddedAndDaemonTestDriver()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            var junk = Path.Combine(_dir, "junk");
            File.WriteAllText(junk, "this is not a libvirt save image");

            using var embedded = TestHypervisor.FromState(TestDefaultNode.Create(), TestDefaultNode.DefaultUri);
            var expected = await TranscriptAsync(embedded, Path.Combine(_dir, "embedded.save"), junk, cts.Token);

            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var actual = await TranscriptAsync(conn.Hypervisor, Path.Combine(_dir, "daemon.save"), junk, cts.Token);
            await conn.CloseAsync(cts.Token);

            var daemon = string.Join("\n", actual).Replace("daemon.save", "X.save");
            var ours = string.Join("\n", expected).Replace("embedded.save", "X.save");
            Assert.Equal(daemon, ours);
            // the script did reach the interesting states (not only errors)
            Assert.Contains("setvcpus max 4 config: ok", ours);
            Assert.Contains("  Running/3 ", ours);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task VirshSeesOurSettings_AndSaveFilesCrossOver()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;

            await hv.SetDomainMemoryAsync(TestUuid, 1048576, DomainModificationImpact.Live, cts.Token);
            await hv.SetDomainVcpusAsync(TestUuid, 4, DomainModificationImpact.Config, true, cts.Token);
            await hv.SetDomainVcpusAsync(TestUuid, 3, DomainModificationImpact.Config, false, cts.Token);
            var info = ParseColonTable(Virsh(uri, "dominfo", "test"));
            Assert.Equal(1048576UL, ParseKiB(info["Used memory"]));
            var counts = Virsh(uri, "vcpucount", "test");
            Assert.Matches(@"maximum\s+config\s+4", counts);
            Assert.Matches(@"current\s+config\s+3", counts);
            Assert.Matches(@"current\s+live\s+2", counts);

            // virsh changes, we see
            Virsh(uri, "setmem", "test", "524288", "--live");
            Assert.Equal(524288UL, (await hv.LookupDomainByUuidAsync(TestUuid, cts.Token)).MemoryKiB);
            Assert.Equal(3, await hv.GetDomainVcpusAsync(TestUuid, DomainModificationImpact.Config, false, cts.Token));

            // saved by us, restored by virsh
            var ours = Path.Combine(_dir, "ours.save");
            await hv.SaveDomainAsync(TestUuid, ours, DomainSaveFlags.None, cts.Token);
            Assert.Equal("shut off", ParseColonTable(Virsh(uri, "dominfo", "test"))["State"]);
            Virsh(uri, "restore", ours);
            var restored = await hv.LookupDomainByUuidAsync(TestUuid, cts.Token);
            Assert.Equal(DomainState.Running, restored.State);
            Assert.Equal(3, restored.StateReason); // VIR_DOMAIN_RUNNING_RESTORED
            Assert.Equal(524288UL, restored.MemoryKiB);

            // saved by virsh, restored by us
            var theirs = Path.Combine(_dir, "theirs.save");
            Virsh(uri, "save", "test", theirs);
            Assert.Equal(DomainState.Shutoff, (await hv.LookupDomainByUuidAsync(TestUuid, cts.Token)).State);
            await hv.RestoreDomainAsync(theirs, DomainSaveFlags.None, cts.Token);
            Assert.Equal("running", ParseColonTable(Virsh(uri, "dominfo", "test"))["State"]);

            // a file written by the embedded driver is one the daemon restores, and the daemon's one the embedded driver restores
            using var embedded = TestHypervisor.FromState(TestDefaultNode.Create(), TestDefaultNode.DefaultUri);
            var embeddedFile = Path.Combine(_dir, "embedded.save");
            await embedded.SetDomainMemoryAsync(TestUuid, 262144, null, cts.Token);
            await embedded.SaveDomainAsync(TestUuid, embeddedFile, DomainSaveFlags.None, cts.Token);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(embeddedFile)); // as libvirt: 0600
            if (!OperatingSystem.IsWindows()) Assert.Equal(File.GetUnixFileMode(theirs), File.GetUnixFileMode(embeddedFile));
            Virsh(uri, "destroy", "test");
            Virsh(uri, "restore", embeddedFile);
            Assert.Equal(262144UL, ParseKiB(ParseColonTable(Virsh(uri, "dominfo", "test"))["Used memory"]));
            await embedded.RestoreDomainAsync(theirs, DomainSaveFlags.None, cts.Token);
            var back = await embedded.LookupDomainByUuidAsync(TestUuid, cts.Token);
            Assert.Equal(DomainState.Running, back.State);
            Assert.Equal(524288UL, back.MemoryKiB);

            // managed save: virsh lists it as saved
            await hv.ManagedSaveDomainAsync(TestUuid, DomainSaveFlags.None, cts.Token);
            Assert.Equal("yes", ParseColonTable(Virsh(uri, "dominfo", "test"))["Managed save"]);
            Assert.True(await hv.HasManagedSaveImageAsync(TestUuid, cts.Token));

            // host facts as virsh reports them
            Assert.Equal(ParseKiB(Virsh(uri, "freecell").Replace("Total:", "").Trim()) * 1024, await hv.GetNodeFreeMemoryAsync(cts.Token));
            Assert.Equal(Virsh(uri, "capabilities").Trim(), (await hv.GetHostCapabilitiesXmlAsync(cts.Token)).Trim());
            Assert.Equal((await hv.GetHostCapabilitiesXmlAsync(cts.Token)).Trim(), (await embedded.GetHostCapabilitiesXmlAsync(cts.Token)).Trim());

            await conn.CloseAsync(cts.Token);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task SecureXml_RefusedOnReadOnly_OnBothDrivers()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
            using var ro = await OpenAsync(UriFor(_fx, "unix-ro"), cts.Token, readOnly: true).Within(TimeSpan.FromSeconds(30), "open ro");
            var remote = await Assert.ThrowsAsync<LibvirtException>(() => ro.Hypervisor.GetDomainXmlAsync(TestUuid, false, true, cts.Token));
            using var embedded = TestHypervisor.FromState(TestDefaultNode.Create(), TestDefaultNode.DefaultUri, readOnly: true);
            var local = await Assert.ThrowsAsync<LibvirtException>(() => embedded.GetDomainXmlAsync(TestUuid, false, true, cts.Token));
            Assert.Equal(remote.Message, local.Message);
            Assert.Equal(remote.Code, local.Code);
            Assert.Equal(LibvirtErrorCode.OperationDenied, local.Code);
            Assert.NotNull(await ro.Hypervisor.GetDomainXmlAsync(TestUuid, false, false, cts.Token));
            await ro.CloseAsync(cts.Token);
        }

        /// <summary>Not-well-formed domain XML: libxml2's message, line and caret, from the daemon and from the embedded driver.</summary>
        [SkippableFact(Timeout = 60000)]
        public async Task BadXml_SameLibxml2MessageLineAndCaret_OnBothDrivers()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
            string[] bad =
            {
                "<domain type='test'><name>x</name>",
                "<domain type='test'>\n  <name>x</name>\n  <os><type>hvm",
                "<domain type='test'>\n<name>x</name>\n",
                "<domain type='test'>\n<name>x</name>\n<os><type>hvm</type></os>\n</domian>",
                "<domain type='test'>\n\t<name>x</nam>\n</domain>",
                "<domain type='test'><name>x</name><os><type>hvm</type></os></domain>junk",
                "not xml at all",
                "",
                "   ",
                "<domain type='test'><name a=b>x</name></domain>",
                "<domain type='test'><name>x &foo; </name></domain>",
            };
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            using var embedded = TestHypervisor.FromState(TestDefaultNode.Create(), TestDefaultNode.DefaultUri);
            foreach (var xml in bad)
            {
                var daemon = await Assert.ThrowsAsync<LibvirtException>(() => conn.Hypervisor.DefineDomainAsync(xml, cts.Token));
                var ours = await Assert.ThrowsAsync<LibvirtException>(() => embedded.DefineDomainAsync(xml, cts.Token));
                Assert.True(daemon.Message == ours.Message, "for " + xml + "\n daemon: " + daemon.Message + "\n ours:   " + ours.Message);
                Assert.Equal(daemon.Code, ours.Code);
                Assert.Equal(LibvirtErrorCode.XmlDetail, ours.Code);
            }
            await conn.CloseAsync(cts.Token);
        }

        /// <summary>A node XML file (test:///path): no NUMA cells in the capabilities, and free memory fails as libvirt's does.</summary>
        [SkippableFact(Timeout = 60000)]
        public async Task NodeFile_HostFacts_SameOnBothDrivers()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
            var file = Path.Combine(_dir, "node.xml");
            File.WriteAllText(file, "<node><cpu><nodes>4</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads><active>8</active>" +
                "<mhz>2000</mhz><model>x86_64</model></cpu><memory>8192000</memory>" +
                "<domain type='test'><name>n1</name><memory>1024</memory><os><type>hvm</type></os></domain></node>");
            using var conn = await OpenAsync("test+unix://" + file + "?socket=" + _fx.SocketPath, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            using var embedded = TestHypervisor.FromState(TestNodeXmlLoader.LoadFile(file), "test://" + file);
            Assert.Equal(await conn.Hypervisor.GetHostCapabilitiesXmlAsync(cts.Token), await embedded.GetHostCapabilitiesXmlAsync(cts.Token));
            var remote = await Assert.ThrowsAsync<LibvirtException>(() => conn.Hypervisor.GetNodeFreeMemoryAsync(cts.Token));
            var local = await Assert.ThrowsAsync<LibvirtException>(() => embedded.GetNodeFreeMemoryAsync(cts.Token));
            Assert.Equal(remote.Message, local.Message);
            Assert.Equal(remote.Code, local.Code);
            await conn.CloseAsync(cts.Token);
        }

        private string Virsh(string uri, params string[] args)
        {
            var r = _fx.RunVirshOn(uri, args);
            AssertVirshOk(r, "virsh " + string.Join(" ", args));
            return r.Stdout;
        }
    }
}
