// Lifecycle calls of the remote driver against a real private libvirtd (test driver), checked with virsh over
// the same daemon. test:///default resets when its last connection closes, so every change and every virsh
// check happens while this connection is open.

using System;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class LifecycleTests : IClassFixture<LibvirtdFixture>
    {
        private static readonly Guid TestDomainUuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");

        private readonly LibvirtdFixture _fx;

        public LifecycleTests(LibvirtdFixture fixture)
        {
            _fx = fixture;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
        }

        private string VirshState(string uri)
        {
            var r = _fx.RunVirshOn(uri, "domstate", "test");
            AssertVirshOk(r, "virsh domstate");
            return r.Stdout.Trim();
        }

        [SkippableFact(Timeout = 90000)]
        public async Task Lifecycle_SeenByVirsh_AndVirshSeenByUs()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            string uri = UriFor(_fx, "unix");
            using var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;

            Assert.Equal("running", VirshState(uri));

            await hv.SuspendDomainAsync(TestDomainUuid, cts.Token);
            Assert.Equal("paused", VirshState(uri));
            await hv.ResumeDomainAsync(TestDomainUuid, cts.Token);
            Assert.Equal("running", VirshState(uri));

            // starting a running domain: the daemon's own error (its test driver's text, as the embedded driver's)
            var e = await Assert.ThrowsAsync<LibvirtException>(() => hv.StartDomainAsync(TestDomainUuid, false, cts.Token));
            Assert.Equal("internal error: Domain 'test' is already running", e.Message);

            await hv.DestroyDomainAsync(TestDomainUuid, cts.Token);
            Assert.Equal("shut off", VirshState(uri));
            await hv.StartDomainAsync(TestDomainUuid, false, cts.Token);
            Assert.Equal("running", VirshState(uri));
            var started = await hv.LookupDomainByUuidAsync(TestDomainUuid, cts.Token);
            Assert.NotNull(started.Id);

            await hv.ShutdownDomainAsync(TestDomainUuid, cts.Token);
            Assert.Equal("shut off", VirshState(uri));
            await hv.StartDomainAsync(TestDomainUuid, false, cts.Token);
            await hv.RebootDomainAsync(TestDomainUuid, cts.Token);
            Assert.Equal("running", VirshState(uri));

            // a change made by virsh is seen through this connection
            AssertVirshOk(_fx.RunVirshOn(uri, "suspend", "test"), "virsh suspend");
            Assert.Equal(DomainState.Paused, (await hv.LookupDomainByNameAsync("test", cts.Token)).State);
            AssertVirshOk(_fx.RunVirshOn(uri, "resume", "test"), "virsh resume");
            Assert.Equal(DomainState.Running, (await hv.LookupDomainByNameAsync("test", cts.Token)).State);

            var xml = XDocument.Parse(await hv.GetDomainXmlAsync(TestDomainUuid, false, false, cts.Token));
            Assert.Equal("test", xml.Root!.Element("name")!.Value);
            var inactive = XDocument.Parse(await hv.GetDomainXmlAsync(TestDomainUuid, true, true, cts.Token));
            Assert.Equal("test", inactive.Root!.Element("name")!.Value);

            await conn.CloseAsync(cts.Token).Within(TimeSpan.FromSeconds(10), "close");
        }

        [SkippableFact(Timeout = 60000)]
        public async Task UnknownUuid_IsNoDomain()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            using var conn = await OpenAsync(UriFor(_fx, "unix"), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var e = await Assert.ThrowsAsync<LibvirtException>(() => conn.Hypervisor.SuspendDomainAsync(Guid.NewGuid(), cts.Token));
            Assert.Equal(LibvirtErrorCode.NoDomain, e.Code);
            await conn.CloseAsync(cts.Token).Within(TimeSpan.FromSeconds(10), "close");
        }
    }
}
