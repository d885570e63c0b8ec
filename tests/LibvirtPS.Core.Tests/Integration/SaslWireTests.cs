// The DIGEST-MD5 security layer is real (issue 7): through a recording loopback relay, the bytes after
// authentication carry no plaintext RPC payload, while the same listing without a layer shows it.
using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class SaslWireTests : IClassFixture<DigestMd5DaemonFixture>, IClassFixture<LibvirtdFixture>
    {
        private readonly DigestMd5DaemonFixture _sasl;
        private readonly LibvirtdFixture _plain;

        public SaslWireTests(DigestMd5DaemonFixture sasl, LibvirtdFixture plain)
        {
            _sasl = sasl;
            _plain = plain;
        }

        private static bool Contains(byte[] haystack, string text)
        {
            var needle = Encoding.ASCII.GetBytes(text);
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return true;
            }
            return false;
        }

        [SkippableFact(Timeout = 120000)]
        public async Task AfterDigestMd5Auth_TheWireCarriesNoPlaintextPayload()
        {
            Skip.If(_sasl.UnavailableReason != null, _sasl.UnavailableReason);
            using var relay = new LoopbackRelay(_sasl.Port);
            var plan = ConnectionPlanner.Plan("test+tcp://127.0.0.1:" + relay.Port + _sasl.NodePath);
            using var c = await LibvirtConnection.OpenAsync(plan,
                new RemoteOpenOptions { Credential = new NetworkCredential(DigestMd5DaemonFixture.User, DigestMd5DaemonFixture.Password), KeepAliveInterval = 0 },
                new WireTrace(), CancellationToken.None);
            var domains = await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None);
            Assert.Contains(domains, d => d.Name == DigestMd5DaemonFixture.DomainName(7));
            await c.CloseAsync(CancellationToken.None);

            var wire = relay.Recorded;
            Assert.True(Contains(wire, "DIGEST-MD5"), "the negotiation itself is plaintext and must be seen");
            Assert.False(Contains(wire, DigestMd5DaemonFixture.DomainName(7)), "a domain name crossed the wire in plaintext");
            Assert.False(Contains(wire, "node.xml"), "the CONNECT_OPEN name crossed the wire in plaintext");
            Assert.False(Contains(wire, DigestMd5DaemonFixture.Password), "the password crossed the wire");
        }

        [SkippableFact(Timeout = 60000)]
        public async Task Control_WithoutALayerTheSameDetectorSeesThePayload()
        {
            Skip.If(_plain.UnavailableReason != null, _plain.UnavailableReason);
            using var relay = new LoopbackRelay(_plain.Port);
            var plan = ConnectionPlanner.Plan("test+tcp://127.0.0.1:" + relay.Port + "/default");
            using var c = await LibvirtConnection.OpenAsync(plan, new RemoteOpenOptions { KeepAliveInterval = 0 }, new WireTrace(), CancellationToken.None);
            var domains = await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None);
            Assert.Contains(domains, d => d.Name == "test");
            await c.CloseAsync(CancellationToken.None);
            Assert.True(Contains(relay.Recorded, "test:///default"), "the plaintext name should be visible without a security layer");
        }

        [SkippableFact(Timeout = 60000)]
        public async Task UnknownUser_FailsAsVirshDoes()
        {
            Skip.If(_sasl.UnavailableReason != null, _sasl.UnavailableReason);
            var plan = ConnectionPlanner.Plan(_sasl.TcpUri(_sasl.NodePath));
            var e = await Assert.ThrowsAsync<LibvirtException>(() => LibvirtConnection.OpenAsync(plan,
                new RemoteOpenOptions { Credential = new NetworkCredential("nosuchuser", "whatever") }, new WireTrace(), CancellationToken.None));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            var authFile = System.IO.Path.Combine(_sasl.Dir, "auth-unknown.conf");
            System.IO.File.WriteAllText(authFile, "[credentials-x]\nauthname=nosuchuser\npassword=whatever\n\n[auth-libvirt-127.0.0.1]\ncredentials=x\n");
            var virsh = _sasl.RunVirsh(authFile, _sasl.TcpUri(_sasl.NodePath), "uri");
            Assert.NotEqual(0, virsh.ExitCode);
            Assert.Contains(e.Message, virsh.Stderr);
        }
    }
}
