// Virtual networks on a real private libvirtd (test driver) with virsh as the oracle, and the embedded test driver
// checked against the same daemon: the same operations give the same results, XML and errors on both.
// test:///default resets when its last connection closes: every check runs while our connection is open.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
    public sealed class NetworkTests : IClassFixture<LibvirtdFixture>, IDisposable
    {
        // a network exercising what the embedded driver formats: forward mode, bridge, mac, domain, ipv4 with dhcp, ipv6
        private const string RichXml =
            "<network><name>xunit-rich</name><uuid>5a2c7e31-7f1b-4c53-9d2e-0d8c5b7a6e11</uuid>" +
            "<forward mode='route'/><bridge name='virbr7' stp='off' delay='2'/><mac address='52:54:00:11:22:33'/>" +
            "<domain name='example.org'/>" +
            "<ip address='10.6.0.1' prefix='24'><dhcp><range start='10.6.0.10' end='10.6.0.20'/>" +
            "<host mac='52:54:00:aa:bb:cc' name='h1' ip='10.6.0.11'/></dhcp></ip>" +
            "<ip family='ipv6' address='fd00::1' prefix='64'/></network>";

        private const string PlainXml = "<network><name>xunit-plain</name><uuid>7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f</uuid></network>";

        // the other elements the embedded driver formats, in an order libvirt changes, with text that needs escaping
        private const string MixedXml =
            "<network><name>xunit-mixed</name><uuid>9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a</uuid>" +
            "<route address='10.1.0.0' prefix='16' gateway='10.7.0.2'/><portgroup name='pg1' default='yes'/>" +
            "<ip address='10.7.0.1' prefix='24'><tftp root='/srv/tftp'/><dhcp><range start='10.7.0.9' end='10.7.0.19'/><bootp file='pxe.0'/></dhcp></ip>" +
            "<dns><host ip='10.7.0.5'><hostname>a \"q\" &amp; b</hostname></host></dns>" +
            "<domain name='x.org' localOnly='yes'/><mac address='52:54:00:00:00:01'/><mtu size='9000'/>" +
            "<bridge name='vbm' macTableManager='kernel'/><forward mode='nat'><nat><port start='1024' end='65535'/></nat></forward>" +
            "<metadata><app:x xmlns:app='http://example.org/app'>v</app:x></metadata><description>dropped</description><title>T</title></network>";

        private readonly LibvirtdFixture _fx;
        private readonly List<string> _files = new List<string>();

        public NetworkTests(LibvirtdFixture fixture)
        {
            _fx = fixture;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
        }

        public void Dispose()
        {
            foreach (var f in _files)
            {
                try { if (Directory.Exists(f)) Directory.Delete(f, true); else File.Delete(f); } catch (IOException) { }
            }
        }

        private string TempFile(string content, string extension = ".xml")
        {
            var path = Path.Combine(Path.GetTempPath(), "libvirtps-net-" + Guid.NewGuid().ToString("N") + extension);
            File.WriteAllText(path, content);
            _files.Add(path);
            return path;
        }

        private static TestHypervisor Embedded() => TestHypervisor.FromState(TestDefaultNode.Create(), TestDefaultNode.DefaultUri);

        /// <summary>virsh net-list --all: name → (active, autostart, persistent).</summary>
        private Dictionary<string, (bool Active, bool Autostart, bool Persistent)> VirshNetList(string uri)
        {
            var r = _fx.RunVirshOn(uri, "net-list", "--all");
            AssertVirshOk(r, "virsh net-list");
            var result = new Dictionary<string, (bool, bool, bool)>(StringComparer.Ordinal);
            foreach (var line in r.Lines.Skip(2))
            {
                var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                result[cols[0]] = (cols[1] == "active", cols[2] == "yes", cols[3] == "yes");
            }
            return result;
        }

        private string VirshDumpXml(string uri, string name)
        {
            var r = _fx.RunVirshOn(uri, "net-dumpxml", name);
            AssertVirshOk(r, "virsh net-dumpxml");
            return r.Stdout.TrimEnd('\n') + "\n";
        }

        private string? VirshBridge(string uri, string name)
        {
            var r = _fx.RunVirshOn(uri, "net-info", name);
            AssertVirshOk(r, "virsh net-info");
            var table = ParseColonTable(r.Stdout);
            return table.TryGetValue("Bridge", out var b) ? b : null;
        }

        private static void AssertMatchesVirsh(IReadOnlyList<NetworkInfo> ours, Dictionary<string, (bool Active, bool Autostart, bool Persistent)> virsh, string context)
        {
            Assert.Equal(virsh.Keys.OrderBy(k => k, StringComparer.Ordinal), ours.Select(n => n.Name).OrderBy(k => k, StringComparer.Ordinal));
            foreach (var n in ours)
            {
                var v = virsh[n.Name];
                Assert.True((v.Active, v.Autostart, v.Persistent) == (n.Active, n.Autostart, n.Persistent),
                    context + ": " + n.Name + " virsh " + v + " ours " + (n.Active, n.Autostart, n.Persistent));
            }
        }

        [SkippableFact(Timeout = 90000)]
        public async Task DefaultNetwork_ListAndXml_SameAsVirsh_OnBothDrivers()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            using var embedded = Embedded();

            var remote = await conn.Hypervisor.ListNetworksAsync(NetworkListFlags.None, cts.Token);
            var local = await embedded.ListNetworksAsync(NetworkListFlags.None, cts.Token);
            var virsh = VirshNetList(uri);
            AssertMatchesVirsh(remote, virsh, "remote");
            AssertMatchesVirsh(local, virsh, "embedded");

            var def = remote.Single(n => n.Name == "default");
            Assert.Equal(VirshBridge(uri, "default"), def.Bridge);
            Assert.Equal(def.Uuid, local.Single().Uuid);
            Assert.Equal(def.Bridge, local.Single().Bridge);

            string expected = VirshDumpXml(uri, "default");
            Assert.Equal(expected, await conn.Hypervisor.GetNetworkXmlAsync(def, false, cts.Token));
            Assert.Equal(expected, await embedded.GetNetworkXmlAsync(local.Single(), false, cts.Token));
        }

        [SkippableFact(Timeout = 120000)]
        public async Task OurChanges_SeenByVirsh_AndVirshChanges_SeenByUs()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(110));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;

            var n = await hv.DefineNetworkAsync(RichXml, cts.Token);
            Assert.Equal(("xunit-rich", false, true, false, "virbr7"), (n.Name, n.Active, n.Persistent, n.Autostart, n.Bridge));
            Assert.Equal((false, false, true), VirshNetList(uri)["xunit-rich"]);
            Assert.Equal(VirshDumpXml(uri, "xunit-rich"), await hv.GetNetworkXmlAsync(n, false, cts.Token));

            await hv.StartNetworkAsync(n, cts.Token);
            Assert.Equal((true, false, true), VirshNetList(uri)["xunit-rich"]);
            await hv.SetNetworkAutostartAsync(n, true, cts.Token);
            Assert.Equal((true, true, true), VirshNetList(uri)["xunit-rich"]);
            AssertMatchesVirsh(await hv.ListNetworksAsync(NetworkListFlags.None, cts.Token), VirshNetList(uri), "after start");
            await hv.DestroyNetworkAsync(n, cts.Token);
            Assert.Equal((false, true, true), VirshNetList(uri)["xunit-rich"]);
            await hv.UndefineNetworkAsync(n, cts.Token);
            Assert.DoesNotContain("xunit-rich", VirshNetList(uri).Keys);

            // transient: running, not persistent; gone once stopped
            var t = await hv.CreateNetworkAsync(PlainXml, cts.Token);
            Assert.Equal((true, false, false), VirshNetList(uri)["xunit-plain"]);
            Assert.Null(t.Bridge);
            await hv.DestroyNetworkAsync(t, cts.Token);
            Assert.DoesNotContain("xunit-plain", VirshNetList(uri).Keys);

            // virsh defines, starts and marks autostart: we see each step
            var file = TempFile(PlainXml);
            AssertVirshOk(_fx.RunVirshOn(uri, "net-define", file), "virsh net-define");
            var seen = await hv.LookupNetworkByNameAsync("xunit-plain", cts.Token);
            Assert.Equal((false, true, false), (seen.Active, seen.Persistent, seen.Autostart));
            AssertVirshOk(_fx.RunVirshOn(uri, "net-start", "xunit-plain"), "virsh net-start");
            AssertVirshOk(_fx.RunVirshOn(uri, "net-autostart", "xunit-plain"), "virsh net-autostart");
            seen = await hv.LookupNetworkByUuidAsync(seen.Uuid, cts.Token);
            Assert.Equal((true, true, true), (seen.Active, seen.Persistent, seen.Autostart));
            Assert.Equal(VirshDumpXml(uri, "xunit-plain"), await hv.GetNetworkXmlAsync(seen, false, cts.Token));
            AssertVirshOk(_fx.RunVirshOn(uri, "net-destroy", "xunit-plain"), "virsh net-destroy");
            AssertVirshOk(_fx.RunVirshOn(uri, "net-undefine", "xunit-plain"), "virsh net-undefine");
            var gone = await Assert.ThrowsAsync<LibvirtException>(() => hv.LookupNetworkByNameAsync("xunit-plain", cts.Token));
            Assert.Equal(LibvirtErrorCode.NoNetwork, gone.Code);
            Assert.Equal(_fx.RunVirshOn(uri, "net-info", "xunit-plain").ErrorLines.Last(), gone.Message);
        }

        /// <summary>One operation's outcome as text: the value, or the error's code, domain and message.</summary>
        private static async Task<string> Outcome(Func<Task<object?>> op)
        {
            try
            {
                var v = await op();
                return "ok " + (v is NetworkInfo n ? n.Name + " active=" + n.Active + " persistent=" + n.Persistent + " autostart=" + n.Autostart + " bridge=" + n.Bridge : v);
            }
            catch (LibvirtException e)
            {
                return "error " + e.Code + "/" + e.Domain + ": " + e.Message;
            }
        }

        private static async Task<object?> Void(Task t)
        {
            await t;
            return null;
        }

        /// <summary>The same script of operations, good and bad, on a driver; each step's outcome.</summary>
        private static async Task<List<string>> Script(IHypervisor hv, CancellationToken ct)
        {
            var results = new List<string>();
            async Task Step(string what, Func<Task<object?>> op) => results.Add(what + ": " + await Outcome(op));
            var def = await hv.LookupNetworkByNameAsync("default", ct);
            var ghost = new NetworkInfo("ghost", Guid.Parse("0f0e0d0c-0b0a-4908-8706-050403020100"), false, true, false, null);

            await Step("lookup missing name", async () => await hv.LookupNetworkByNameAsync("nope", ct));
            await Step("lookup missing uuid", async () => await hv.LookupNetworkByUuidAsync(ghost.Uuid, ct));
            await Step("define without name", async () => await hv.DefineNetworkAsync("<network><uuid>11111111-2222-3333-4444-555555555555</uuid></network>", ct));
            await Step("define name with slash", async () => await hv.DefineNetworkAsync("<network><name>a/b</name></network>", ct));
            await Step("define wrong root", async () => await hv.DefineNetworkAsync("<nope/>", ct));
            await Step("define bad uuid", async () => await hv.DefineNetworkAsync("<network><name>x</name><uuid>zz</uuid></network>", ct));
            await Step("define bad forward", async () => await hv.DefineNetworkAsync("<network><name>x</name><forward mode='weird'/></network>", ct));
            await Step("define prefix and netmask", async () => await hv.DefineNetworkAsync("<network><name>x</name><ip address='1.2.3.4' netmask='255.255.255.0' prefix='24'/></network>", ct));
            await Step("define default's uuid under another name", async () => await hv.DefineNetworkAsync("<network><name>c</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid></network>", ct));
            await Step("define default's name with another uuid", async () => await hv.DefineNetworkAsync("<network><name>default</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5d0</uuid></network>", ct));
            await Step("create default while active", async () => await hv.CreateNetworkAsync("<network><name>default</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid></network>", ct));
            await Step("start running", () => Void(hv.StartNetworkAsync(def, ct)));
            await Step("undefine running", () => Void(hv.UndefineNetworkAsync(def, ct)));
            await Step("xml inactive", async () => await hv.GetNetworkXmlAsync(def, true, ct));
            await Step("dhcp leases", async () => await hv.GetNetworkDhcpLeasesAsync(def, null, ct));
            await Step("start missing", () => Void(hv.StartNetworkAsync(ghost, ct)));
            await Step("list unknown flag", async () => await hv.ListNetworksAsync((NetworkListFlags)0x1000, ct));
            await Step("agent command", async () => await hv.GuestAgentCommandAsync(TestDefaultNode.DomainUuid, "{\"execute\":\"guest-ping\"}", 5, ct));
            await Step("define mixed", async () => await hv.DefineNetworkAsync(MixedXml, ct));
            await Step("mixed xml", async () => await hv.GetNetworkXmlAsync(await hv.LookupNetworkByNameAsync("xunit-mixed", ct), false, ct));
            await Step("define rich", async () => await hv.DefineNetworkAsync(RichXml, ct));
            await Step("rich xml", async () => await hv.GetNetworkXmlAsync(await hv.LookupNetworkByNameAsync("xunit-rich", ct), false, ct));
            await Step("undefine mixed", async () => { await hv.UndefineNetworkAsync(await hv.LookupNetworkByNameAsync("xunit-mixed", ct), ct); return null; });
            await Step("undefine rich", async () => { await hv.UndefineNetworkAsync(await hv.LookupNetworkByNameAsync("xunit-rich", ct), ct); return null; });
            await Step("define plain", async () => await hv.DefineNetworkAsync(PlainXml, ct));
            var plain = await hv.LookupNetworkByNameAsync("xunit-plain", ct);
            await Step("plain xml", async () => await hv.GetNetworkXmlAsync(plain, false, ct));
            await Step("redefine plain inactive", async () => await hv.DefineNetworkAsync(PlainXml.Replace("</network>", "<bridge name='virbr3'/></network>"), ct));
            await Step("destroy inactive", () => Void(hv.DestroyNetworkAsync(plain, ct)));
            await Step("create over inactive persistent", async () => await hv.CreateNetworkAsync(PlainXml, ct));
            await Step("xml of created", async () => await hv.GetNetworkXmlAsync(plain, false, ct));
            await Step("destroy created", () => Void(hv.DestroyNetworkAsync(plain, ct)));
            await Step("xml after destroy", async () => await hv.GetNetworkXmlAsync(plain, false, ct));
            await Step("start plain", () => Void(hv.StartNetworkAsync(plain, ct)));
            await Step("redefine plain while running", async () => await hv.DefineNetworkAsync(PlainXml.Replace("</network>", "<bridge name='virbr4'/></network>"), ct));
            await Step("xml while running", async () => await hv.GetNetworkXmlAsync(plain, false, ct));
            await Step("stop plain", () => Void(hv.DestroyNetworkAsync(plain, ct)));
            await Step("xml after redefine and stop", async () => await hv.GetNetworkXmlAsync(plain, false, ct));
            await Step("autostart on", () => Void(hv.SetNetworkAutostartAsync(plain, true, ct)));
            foreach (var flags in new[] { NetworkListFlags.Active, NetworkListFlags.Inactive, NetworkListFlags.Persistent, NetworkListFlags.Transient,
                         NetworkListFlags.Autostart, NetworkListFlags.NoAutostart, NetworkListFlags.Active | NetworkListFlags.Inactive })
            {
                await Step("list " + flags, async () => string.Join(",", (await hv.ListNetworksAsync(flags, ct)).Select(n => n.Name).OrderBy(x => x, StringComparer.Ordinal)));
            }
            await Step("undefine plain", () => Void(hv.UndefineNetworkAsync(plain, ct)));
            await Step("undefine again", () => Void(hv.UndefineNetworkAsync(plain, ct)));
            await Step("destroy default", () => Void(hv.DestroyNetworkAsync(def, ct)));
            await Step("default after destroy", async () => await hv.LookupNetworkByUuidAsync(def.Uuid, ct));
            return results;
        }

        [SkippableFact(Timeout = 90000)]
        public async Task SameScript_SameOutcomes_OnDaemonAndEmbeddedDriver()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            using var embedded = Embedded();

            var remote = await Script(conn.Hypervisor, cts.Token);
            var local = await Script(embedded, cts.Token);
            Assert.Equal(remote.Count, local.Count);
            for (int i = 0; i < remote.Count; i++) Assert.True(remote[i] == local[i], "step " + i + "\ndaemon:   " + remote[i] + "\nembedded: " + local[i]);
            // the XML steps produced documents, and the script did reach the interesting errors
            Assert.Contains(remote, r => r.StartsWith("mixed xml: ok <network>", StringComparison.Ordinal) && r.Contains("<portgroup name='pg1' default='yes'>"));
            Assert.Contains(remote, r => r.StartsWith("rich xml: ok <network>", StringComparison.Ordinal));
            Assert.Contains(remote, r => r.StartsWith("dhcp leases: error NoSupport/Network: this function is not supported by the connection driver: virNetworkGetDHCPLeases", StringComparison.Ordinal));
            Assert.Contains(remote, r => r.StartsWith("agent command: error NoSupport/None: this function is not supported by the connection driver: virDomainQemuAgentCommand", StringComparison.Ordinal));
        }

        [SkippableFact(Timeout = 60000)]
        public async Task ReadOnlyConnection_RefusesChanges_SameOnBothDrivers()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
            using var conn = await OpenAsync(UriFor(_fx, "unix-ro"), cts.Token, readOnly: true).Within(TimeSpan.FromSeconds(30), "open");
            using var embedded = TestHypervisor.FromState(TestDefaultNode.Create(), TestDefaultNode.DefaultUri, readOnly: true);

            async Task<List<string>> Run(IHypervisor hv)
            {
                var def = await hv.LookupNetworkByNameAsync("default", cts.Token);
                return new List<string>
                {
                    await Outcome(async () => await hv.DefineNetworkAsync(PlainXml, cts.Token)),
                    await Outcome(async () => await hv.CreateNetworkAsync(PlainXml, cts.Token)),
                    await Outcome(() => Void(hv.DestroyNetworkAsync(def, cts.Token))),
                    await Outcome(() => Void(hv.StartNetworkAsync(def, cts.Token))),
                    await Outcome(() => Void(hv.UndefineNetworkAsync(def, cts.Token))),
                    await Outcome(() => Void(hv.SetNetworkAutostartAsync(def, true, cts.Token))),
                    await Outcome(async () => string.Join(",", (await hv.ListNetworksAsync(NetworkListFlags.None, cts.Token)).Select(n => n.Name))),
                };
            }
            var remote = await Run(conn.Hypervisor);
            Assert.StartsWith("error OperationDenied/Network: operation forbidden: read only access prevents virNetworkDefineXML", remote[0]);
            Assert.Equal("ok default", remote[6]);
            Assert.Equal(remote, await Run(embedded));
        }

        [SkippableFact(Timeout = 60000)]
        public async Task Errors_AreTheOnesVirshPrints()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var def = await conn.Hypervisor.LookupNetworkByNameAsync("default", cts.Token);

            var leases = await Assert.ThrowsAsync<LibvirtException>(() => conn.Hypervisor.GetNetworkDhcpLeasesAsync(def, null, cts.Token));
            Assert.Contains(leases.Message, _fx.RunVirshOn(uri, "net-dhcp-leases", "default").ErrorLines);
            var agent = await Assert.ThrowsAsync<LibvirtException>(() =>
                conn.Hypervisor.GuestAgentCommandAsync(TestDefaultNode.DomainUuid, "{\"execute\":\"guest-ping\"}", 5, cts.Token));
            Assert.Equal(LibvirtErrorCode.NoSupport, agent.Code);
            Assert.Contains(agent.Message, _fx.RunVirshOn(uri, "qemu-agent-command", "test", "{\"execute\":\"guest-ping\"}").ErrorLines);
            var running = await Assert.ThrowsAsync<LibvirtException>(() => conn.Hypervisor.StartNetworkAsync(def, cts.Token));
            Assert.Contains(running.Message, _fx.RunVirshOn(uri, "net-start", "default").ErrorLines);
        }

        [SkippableTheory(Timeout = 60000)]
        [InlineData("<node><network><uuid>11111111-2222-3333-4444-555555555555</uuid></network></node>")]
        [InlineData("<node><network file='libvirtps-no-such-network.xml'/></node>")]
        [InlineData("<node><network><name>a</name></network><network><name>a</name></network></node>")]
        [InlineData("<node><network><name>a</name><forward mode='weird'/></network></node>")]
        public async Task BadNodeXmlNetworks_SameErrorAsTheDaemon(string nodeXml)
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
            var node = TempFile(nodeXml);
            var remote = await Assert.ThrowsAsync<LibvirtException>(() => OpenAsync("test+unix://" + node + "?socket=" + _fx.SocketPath, cts.Token));
            var local = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadFile(node));
            // random uuids (a network defined twice without one) differ from run to run
            static string NoUuid(string m) => System.Text.RegularExpressions.Regex.Replace(m, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>");
            Assert.Equal((remote.Code, NoUuid(remote.Message)), (local.Code, NoUuid(local.Message)));
        }

        [SkippableFact(Timeout = 90000)]
        public async Task NodeXmlNetworks_LoadedLikeTheDaemon()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            var referenced = TempFile("<network><name>from-file</name><uuid>3d3c3b3a-3938-4736-b534-333231302f2e</uuid><bridge name='br-ff'/><forward mode='bridge'/></network>");
            var node = TempFile("<node>" +
                "<domain type='test'><name>d1</name><memory>1024</memory><os><type>hvm</type></os></domain>" +
                RichXml +
                "<network file='" + Path.GetFileName(referenced) + "'/>" +
                "</node>");
            string uri = "test+unix://" + node + "?socket=" + _fx.SocketPath;
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var local = TestHypervisor.FromState(TestNodeXmlLoader.LoadFile(node), "test://" + node);

            var remoteList = (await conn.Hypervisor.ListNetworksAsync(NetworkListFlags.None, cts.Token)).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
            var localList = (await local.ListNetworksAsync(NetworkListFlags.None, cts.Token)).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { "from-file", "xunit-rich" }, remoteList.Select(n => n.Name));
            AssertMatchesVirsh(remoteList, VirshNetList(uri), "remote node file");
            Assert.Equal(remoteList.Select(n => (n.Name, n.Uuid, n.Active, n.Persistent, n.Autostart, n.Bridge)),
                localList.Select(n => (n.Name, n.Uuid, n.Active, n.Persistent, n.Autostart, n.Bridge)));
            foreach (var n in remoteList)
                Assert.Equal(await conn.Hypervisor.GetNetworkXmlAsync(n, false, cts.Token), await local.GetNetworkXmlAsync(n, false, cts.Token));
        }
    }
}
