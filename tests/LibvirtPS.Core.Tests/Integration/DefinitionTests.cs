// Definition calls of the remote driver against a real private libvirtd (test driver), checked with virsh over
// the same daemon. test:///default resets when its last connection closes, so every change and every virsh
// check happens while this connection is open.

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class DefinitionTests : IClassFixture<LibvirtdFixture>
    {
        private const string Xml =
            "<domain type='test'><name>xunit-def</name><uuid>0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9</uuid>" +
            "<memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>";

        private readonly LibvirtdFixture _fx;

        public DefinitionTests(LibvirtdFixture fixture)
        {
            _fx = fixture;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
        }

        private string[] VirshNames(string uri)
        {
            var r = _fx.RunVirshOn(uri, "list", "--all", "--name");
            AssertVirshOk(r, "virsh list");
            return r.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        }

        private string VirshAutostart(string uri, string name)
        {
            var r = _fx.RunVirshOn(uri, "dominfo", name);
            AssertVirshOk(r, "virsh dominfo");
            var line = r.Stdout.Split('\n').First(l => l.StartsWith("Autostart:", StringComparison.Ordinal));
            return line.Substring("Autostart:".Length).Trim();
        }

        [SkippableFact(Timeout = 90000)]
        public async Task Define_SeenByVirsh_AndVirshUndefineSeenByUs()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;

            var d = await hv.DefineDomainAsync(Xml, cts.Token);
            Assert.Equal("xunit-def", d.Name);
            Assert.Equal(DomainState.Shutoff, d.State);
            Assert.True(d.Persistent);
            Assert.Contains("xunit-def", VirshNames(uri));

            await hv.SetDomainAutostartAsync(d.Uuid, true, cts.Token);
            Assert.Equal("enable", VirshAutostart(uri, "xunit-def"));
            await hv.SetDomainAutostartAsync(d.Uuid, false, cts.Token);
            Assert.Equal("disable", VirshAutostart(uri, "xunit-def"));

            await hv.UndefineDomainAsync(d.Uuid, cts.Token);
            Assert.DoesNotContain("xunit-def", VirshNames(uri));

            // defined again by us, undefined by virsh: no longer found here
            await hv.DefineDomainAsync(Xml, cts.Token);
            AssertVirshOk(_fx.RunVirshOn(uri, "undefine", "xunit-def"), "virsh undefine");
            var e = await Assert.ThrowsAsync<LibvirtException>(() => hv.LookupDomainByNameAsync("xunit-def", cts.Token));
            Assert.Equal(LibvirtErrorCode.NoDomain, e.Code);

            // bad XML: the daemon's message, as the embedded test driver gives it
            var bad = await Assert.ThrowsAsync<LibvirtException>(() => hv.DefineDomainAsync("<domain type='test'><name>x</name></domain>", cts.Token));
            Assert.Equal("XML error: an os <type> must be specified", bad.Message);

            // transient create: running, not persistent, gone once destroyed
            var t = await hv.CreateDomainAsync(Xml, false, cts.Token);
            Assert.Equal(DomainState.Running, t.State);
            Assert.False(t.Persistent);
            await hv.DestroyDomainAsync(t.Uuid, cts.Token);
            Assert.DoesNotContain("xunit-def", VirshNames(uri));

            await conn.CloseAsync(cts.Token).Within(TimeSpan.FromSeconds(10), "close");
        }
    }
}
