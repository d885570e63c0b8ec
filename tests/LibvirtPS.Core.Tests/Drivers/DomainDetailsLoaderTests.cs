using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Drivers
{
    /// <summary>
    /// A domain listed without details (what the bulk listing gives where the driver's stats lack them) reads them
    /// through the listing's shared loader when first used; a failed read is one clear error, remembered. The
    /// in-process test driver serves as the hypervisor (its listings always have details, so the tests mark them
    /// as lacking); the remote path is covered by RemoteHypervisorTests against a real libvirtd.
    /// </summary>
    public class DomainDetailsLoaderTests
    {
        private static async Task<LibvirtConnection> OpenNodeAsync(TestNodeFiles files)
        {
            string path = files.Node(TestNodeFiles.Domain("alpha", "<vcpu>3</vcpu>", "<memory>262144</memory>") +
                TestNodeFiles.Domain("beta", "<vcpu>2</vcpu>", "<memory>131072</memory>"));
            return await LibvirtConnection.OpenAsync(ConnectionPlanner.Plan("test://" + path), new RemoteOpenOptions(), new WireTrace(), CancellationToken.None);
        }

        private static DomainInfo WithoutDetails(DomainInfo d) =>
            new DomainInfo(d.Name, d.Uuid, d.Id, d.State, d.StateReason, 0, 0, 0, 0, d.Persistent, d.Autostart, hasDetails: false);

        [Fact]
        public async Task DetailsAreReadOnFirstUse_ForTheWholeListing()
        {
            using var files = new TestNodeFiles();
            using var c = await OpenNodeAsync(files);
            var full = await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None);
            var listed = full.Select(WithoutDetails).ToList();
            var loader = new DomainDetailsLoader(c, listed);
            var objects = listed.Select(d => new LibvirtDomain(d, c, loader)).ToList();

            Assert.False(loader.IsLoaded);
            Assert.Equal("alpha", objects[0].Name);   // names, states and the like never read details
            Assert.False(loader.IsLoaded);
            var beta = objects.Single(o => o.Name == "beta");
            Assert.Equal(131072UL * 1024, beta.MaxMemory);
            Assert.True(loader.IsLoaded);
            var alpha = objects.Single(o => o.Name == "alpha");
            Assert.Equal(3, alpha.VCpus);
            Assert.Equal(262144UL * 1024, alpha.Memory);
        }

        [Fact]
        public async Task AClosedConnection_GivesOneClearError_Remembered()
        {
            using var files = new TestNodeFiles();
            var c = await OpenNodeAsync(files);
            var listed = (await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None)).Select(WithoutDetails).ToList();
            var loader = new DomainDetailsLoader(c, listed);
            var a = new LibvirtDomain(listed[0], c, loader);
            var b = new LibvirtDomain(listed[1], c, loader);
            await c.CloseAsync(CancellationToken.None);

            var first = Assert.Throws<LibvirtException>(() => a.Memory);
            Assert.Equal(LibvirtErrorCode.OperationFailed, first.Code);
            Assert.Contains("cannot read the memory, vCPUs and CPU time of the domains listed on test://", first.Message);
            Assert.Contains("-Detailed", first.Message);
            Assert.NotNull(first.InnerException);
            Assert.Same(first, Assert.Throws<LibvirtException>(() => b.VCpus));
            Assert.False(loader.IsLoaded);
        }

        [Fact]
        public async Task ADomainGoneBeforeTheRead_IsNamed()
        {
            using var files = new TestNodeFiles();
            using var c = await OpenNodeAsync(files);
            var listed = (await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None)).Select(WithoutDetails).ToList();
            var ghost = new DomainInfo("ghost", Guid.NewGuid(), null, DomainState.Shutoff, 0, 0, 0, 0, 0, true, false, hasDetails: false);
            var loader = new DomainDetailsLoader(c, listed.Concat(new[] { ghost }).ToList());
            var e = Assert.Throws<LibvirtException>(() => new LibvirtDomain(ghost, c, loader).CpuTime);
            Assert.Equal(LibvirtErrorCode.NoDomain, e.Code);
            Assert.Contains("'ghost' no longer exists", e.Message);
            Assert.Equal(2, new LibvirtDomain(listed.Single(d => d.Name == "beta"), c, loader).VCpus);   // the others were read
        }

        [Fact]
        public async Task ADomainWithoutDetails_NeedsALoader()
        {
            using var files = new TestNodeFiles();
            using var c = await OpenNodeAsync(files);
            var d = new DomainInfo("x", Guid.NewGuid(), null, DomainState.Shutoff, 0, 0, 0, 0, 0, true, false, hasDetails: false);
            var e = Assert.Throws<ArgumentException>(() => new LibvirtDomain(d, c, null));
            Assert.Equal("loader", e.ParamName);
        }
    }
}
