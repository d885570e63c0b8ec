// The embedded test driver's storage against libvirt 9.0's test driver in a private libvirtd (same default pool,
// same XML, same errors), and the download stream path on the real test driver's screenshot (a real PNG stream).
using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using LibvirtPS.Core.Tests.Integration;
using Xunit;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Drivers
{
    public sealed partial class TestStorageRealPeerTests : IClassFixture<LibvirtdFixture>
    {
        private readonly LibvirtdFixture _fx;

        public TestStorageRealPeerTests(LibvirtdFixture fixture)
        {
            _fx = fixture;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
        }

        private static async Task<LibvirtException> Error(Func<Task> call) => await Assert.ThrowsAsync<LibvirtException>(call);

        [SkippableFact(Timeout = 90000)]
        public async Task EmbeddedAndRealTestDriver_AgreeOnPoolsVolumesXmlAndErrors()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            var ct = cts.Token;
            using var conn = await OpenAsync(_fx.UnixUri, ct).Within(TimeSpan.FromSeconds(30), "open");
            IHypervisor real = conn.Hypervisor;
            using var embedded = new TestDriverRegistry().OpenDefault();

            foreach (var hv in new[] { real, (IHypervisor)embedded })
            {
                var pools = await hv.ListStoragePoolsAsync(0, ct);
                var p = Assert.Single(pools);
                Assert.Equal(("default-pool", new Guid("dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"), StoragePoolState.Running, 107374182400UL, true, false),
                    (p.Name, p.Uuid, p.State, p.Capacity, p.Persistent, p.Autostart));
                Assert.Empty(await hv.ListStoragePoolsAsync(1, ct)); // INACTIVE
            }
            Assert.Equal(await real.GetStoragePoolXmlAsync("default-pool", false, ct), await embedded.GetStoragePoolXmlAsync("default-pool", false, ct));

            const string volXml = "<volume><name>xv</name><capacity unit='M'>10</capacity><allocation unit='M'>1</allocation></volume>";
            var rv = await real.CreateStorageVolumeAsync("default-pool", volXml, 0, ct);
            var ev = await embedded.CreateStorageVolumeAsync("default-pool", volXml, 0, ct);
            try
            {
                Assert.Equal((rv.Name, rv.Key, rv.Path, rv.Type, rv.Capacity, rv.Allocation), (ev.Name, ev.Key, ev.Path, ev.Type, ev.Capacity, ev.Allocation));
                Assert.Equal(await real.GetStorageVolumeXmlAsync("default-pool", "xv", ct), await embedded.GetStorageVolumeXmlAsync("default-pool", "xv", ct));
                var rp = await real.LookupStoragePoolAsync("default-pool", ct);
                var ep = await embedded.LookupStoragePoolAsync("default-pool", ct);
                Assert.Equal((rp.Allocation, rp.Available), (ep.Allocation, ep.Available));
                // virsh sees what we created on the real daemon
                Assert.Contains("/default-pool/xv", _fx.RunVirsh("vol-list", "default-pool").Stdout);

                // the same errors: code, and libvirt's message
                foreach (var (what, call) in new (string, Func<IHypervisor, Task>)[]
                {
                    ("no pool", h => h.LookupStoragePoolAsync("nope", ct)),
                    ("no pool by uuid", h => h.LookupStoragePoolByUuidAsync(new Guid("11111111-2222-3333-4444-555555555555"), ct)),
                    ("no volume", h => h.LookupStorageVolumeAsync("default-pool", "nope", ct)),
                    ("duplicate volume", h => h.CreateStorageVolumeAsync("default-pool", volXml, 0, ct)),
                    ("too big", h => h.CreateStorageVolumeAsync("default-pool", "<volume><name>big</name><capacity unit='G'>200</capacity></volume>", 0, ct)),
                    ("no name", h => h.CreateStorageVolumeAsync("default-pool", "<volume><capacity>1</capacity></volume>", 0, ct)),
                    ("upload", h => h.UploadStorageVolumeAsync("default-pool", "xv", 0, 0, 0, ct)),
                    ("download", h => h.DownloadStorageVolumeAsync("default-pool", "xv", 0, 0, 0, ct)),
                    ("wipe", h => h.WipeStorageVolumeAsync("default-pool", "xv", ct)),
                    ("resize", h => h.ResizeStorageVolumeAsync("default-pool", "xv", 1, 0, ct)),
                    ("start active", h => h.StartStoragePoolAsync("default-pool", 0, ct)),
                    ("build active", h => h.BuildStoragePoolAsync("default-pool", 0, ct)),
                    ("undefine active", h => h.UndefineStoragePoolAsync("default-pool", ct)),
                    ("start with build flag", h => h.StartStoragePoolAsync("default-pool", 1, ct)),
                    ("dir pool without path", h => h.DefineStoragePoolAsync("<pool type='dir'><name>bx</name></pool>", ct)),
                })
                {
                    var re = await Error(() => call(real));
                    var ee = await Error(() => call(embedded));
                    Assert.True(re.Code == ee.Code && re.Message == ee.Message,
                        what + ": real " + re.Code + " '" + re.Message + "', embedded " + ee.Code + " '" + ee.Message + "'");
                }
            }
            finally
            {
                await real.DeleteStorageVolumeAsync("default-pool", "xv", 0, ct);
                await embedded.DeleteStorageVolumeAsync("default-pool", "xv", 0, ct);
            }
            Assert.DoesNotContain("xv", _fx.RunVirsh("vol-list", "default-pool").Stdout);
        }

        [SkippableFact(Timeout = 90000)]
        public async Task Screenshot_StreamsTheTestDriversPng_SameAsVirsh_OnBothDrivers()
        {
            SkipIfUnavailable(_fx);
            Skip.If(!File.Exists(TestHypervisor.ScreenshotFile), TestHypervisor.ScreenshotFile + " is missing (libvirt's test driver image)");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(75));
            using var conn = await OpenAsync(_fx.UnixUri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var expected = File.ReadAllBytes(TestHypervisor.ScreenshotFile);
            string virshFile = Path.Combine(_fx.Dir, "virsh-shot-" + Guid.NewGuid().ToString("N"));
            AssertVirshOk(_fx.RunVirsh("screenshot", "test", virshFile), "virsh screenshot");
            Assert.Equal(expected, File.ReadAllBytes(virshFile));

            using var embedded = new TestDriverRegistry().OpenDefault();
            foreach (var hv in new[] { conn.Hypervisor, (IHypervisor)embedded })
            {
                var test = await hv.LookupDomainByNameAsync("test", cts.Token);
                var (stream, mime) = await hv.ScreenshotDomainAsync(test.Uuid, 0, cts.Token);
                Assert.Equal("image/png", mime);
                using var ms = new MemoryStream();
                long n = await StorageTransfer.DownloadAsync(stream, ms, false, null, TimeSpan.FromSeconds(30), cts.Token);
                Assert.Equal(expected.Length, n);
                Assert.Equal(expected, ms.ToArray());
            }
            Assert.Equal(0, ((LibvirtPS.Core.Drivers.Remote.RemoteHypervisor)conn.Hypervisor).Rpc.OpenStreamCount);
        }
    }
}
