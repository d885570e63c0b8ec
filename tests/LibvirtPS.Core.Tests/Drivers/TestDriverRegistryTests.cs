using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Drivers
{
    /// <summary>
    /// Sharing rules of the embedded test driver, as observed in libvirt 9.0 (python-libvirt, in-process): every open
    /// test:///default connection shares one state; it resets when the last one closes; each open of a node file has
    /// its own state.
    /// </summary>
    public class TestDriverRegistryTests
    {
        private static readonly CancellationToken None = CancellationToken.None;

        [Fact]
        public async Task Default_IsSharedWhileAConnectionIsOpen()
        {
            var registry = new TestDriverRegistry();
            using var a = registry.OpenDefault();
            using var b = registry.OpenDefault(readOnly: true); // read-only connections share it too
            Assert.Same(a.State, b.State);
            Assert.Equal(2, registry.DefaultConnectionCount);

            await a.SuspendDomainAsync(await a.LookupDomainByNameAsync("test", None), None);
            var seen = await b.LookupDomainByNameAsync("test", None);
            Assert.Equal((DomainState.Paused, 1), (seen.State, seen.StateReason));

            await a.CloseAsync(None);
            Assert.Equal(1, registry.DefaultConnectionCount);
            Assert.Equal(DomainState.Paused, (await b.LookupDomainByNameAsync("test", None)).State); // b keeps it alive
            Assert.Same(b.State, registry.DefaultState);
        }

        [Fact]
        public async Task Default_ResetsWhenTheLastConnectionCloses()
        {
            var registry = new TestDriverRegistry();
            var a = registry.OpenDefault();
            var d = await a.LookupDomainByNameAsync("test", None);
            await a.DestroyDomainAsync(d, None);
            await a.StartDomainAsync(d, None);
            await a.SetDomainAutostartAsync(d, true, None);
            Assert.Equal(2, (await a.LookupDomainByNameAsync("test", None)).Id);
            var old = a.State;
            await a.CloseAsync(None);
            Assert.Null(registry.DefaultState);
            Assert.Equal(0, registry.DefaultConnectionCount);

            using var c = registry.OpenDefault();
            Assert.NotSame(old, c.State);
            var fresh = await c.LookupDomainByNameAsync("test", None);
            Assert.Equal((DomainState.Running, 0, (int?)1, false), (fresh.State, fresh.StateReason, fresh.Id, fresh.Autostart));
        }

        [Fact]
        public async Task Default_DoubleCloseCountsOnce()
        {
            var registry = new TestDriverRegistry();
            var a = registry.OpenDefault();
            using var b = registry.OpenDefault();
            await a.CloseAsync(None);
            a.Dispose();
            Assert.Equal(1, registry.DefaultConnectionCount);
            Assert.NotNull(registry.DefaultState);
        }

        [Fact]
        public void Registries_AreIndependent()
        {
            using var a = new TestDriverRegistry().OpenDefault();
            using var b = new TestDriverRegistry().OpenDefault();
            Assert.NotSame(a.State, b.State);
            Assert.Same(TestDriverRegistry.Shared, TestDriverRegistry.Shared);
        }

        [Fact]
        public async Task Files_GetAStateOfTheirOwnPerOpen()
        {
            using var files = new TestNodeFiles();
            var path = files.SeveralDomains();
            var registry = new TestDriverRegistry();
            using var a = registry.OpenFile(path);
            using var b = registry.OpenFile(path);
            Assert.NotSame(a.State, b.State);
            await a.SuspendDomainAsync(await a.LookupDomainByNameAsync("run1", None), None);
            Assert.Equal(DomainState.Paused, (await a.LookupDomainByNameAsync("run1", None)).State);
            Assert.Equal(DomainState.Running, (await b.LookupDomainByNameAsync("run1", None)).State);
            Assert.Equal(0, registry.DefaultConnectionCount);
        }

        [Fact]
        public async Task Files_AreReadAgainOnEveryOpen()
        {
            using var files = new TestNodeFiles();
            var path = files.Node(TestNodeFiles.Domain("first"));
            var registry = new TestDriverRegistry();
            using var a = registry.OpenFile(path);
            files.Node(TestNodeFiles.Domain("second"));
            using var b = registry.OpenFile(path);
            Assert.Equal("first", (await a.LookupDomainByIdAsync(1, None)).Name);
            Assert.Equal("second", (await b.LookupDomainByIdAsync(1, None)).Name);
        }

        [Fact]
        public async Task Open_FromAPlan()
        {
            using var files = new TestNodeFiles();
            var path = files.SeveralDomains();
            var registry = new TestDriverRegistry();

            var plan = ConnectionPlanner.Plan("test:///default");
            Assert.Equal(LibvirtTransport.Embedded, plan.Transport);
            using (var h = registry.Open(plan))
            {
                Assert.True(h.IsDefault);
                Assert.Equal("test:///default", (await h.GetIdentityAsync(None)).Uri);
                Assert.Equal(1, registry.DefaultConnectionCount);
            }
            Assert.Equal(0, registry.DefaultConnectionCount);

            var filePlan = ConnectionPlanner.Plan("test://" + path);
            using (var h = registry.Open(filePlan))
            {
                Assert.False(h.IsDefault);
                Assert.Equal(path, h.State.SourceFile);
                Assert.Equal("test://" + path, (await h.GetIdentityAsync(None)).Uri);
                Assert.Equal(7, (await h.ListDomainsAsync(DomainListFlags.None, None)).Count);
            }

            var roPlan = ConnectionPlanner.Plan("test:///default", new ConnectionOptions { ReadOnly = true });
            using (var h = registry.Open(roPlan))
            {
                Assert.True(h.ReadOnly);
            }
        }

        [Fact]
        public void Open_RefusesOtherTransports()
        {
            var plan = ConnectionPlanner.Plan("test+unix:///default?socket=/nonexistent/sock");
            Assert.Throws<System.ArgumentException>(() => new TestDriverRegistry().Open(plan));
        }

        [Fact]
        public void Open_MissingFileFailsWithoutTouchingTheDefault()
        {
            var registry = new TestDriverRegistry();
            var e = Assert.Throws<LibvirtException>(() => registry.OpenFile("/nonexistent/libvirtps/node.xml"));
            Assert.Equal("XML error: failed to parse xml document '/nonexistent/libvirtps/node.xml'", e.Message);
            Assert.Null(registry.DefaultState);
        }

        [Fact]
        public void Auth_UsersOfTheNodeFile()
        {
            using var files = new TestNodeFiles();
            var path = files.Write("auth.xml", "<node><auth><user password='p'>u</user><user>nopw</user></auth></node>");
            var registry = new TestDriverRegistry();

            // libvirt without an auth callback: 'invalid argument: Missing authentication credentials' (8, VIR_FROM_AUTH)
            var e = Assert.Throws<LibvirtException>(() => registry.OpenFile(path));
            Assert.Equal("invalid argument: Missing authentication credentials", e.Message);
            Assert.Equal((LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Auth), (e.Code, e.Domain));

            // virsh with wrong answers: 'authentication failed: authentication failed, see test XML for the correct username/password'
            foreach (var wrong in new[] { new TestDriverCredentials("u", "x"), new TestDriverCredentials("u", null), new TestDriverCredentials("who", "p") })
            {
                e = Assert.Throws<LibvirtException>(() => registry.OpenFile(path, credentials: wrong));
                Assert.Equal("authentication failed: authentication failed, see test XML for the correct username/password", e.Message);
                Assert.Equal((LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Test), (e.Code, e.Domain));
            }

            using (registry.OpenFile(path, credentials: new TestDriverCredentials("u", "p"))) { }
            using (registry.OpenFile(path, credentials: new TestDriverCredentials("nopw", "anything"))) { }
        }
    }
}
