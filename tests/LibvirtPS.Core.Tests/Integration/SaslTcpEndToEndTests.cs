// The whole SASL path as a user gets it: Connect over plain tcp to a daemon with auth_tcp = "sasl", DIGEST-MD5
// chosen (the only mechanism strong enough without TLS), the auth-conf layer switched on, then a 1,000-domain
// listing inside SASL frames, compared with virsh on the same URI.
using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class SaslTcpEndToEndTests : IClassFixture<DigestMd5DaemonFixture>
    {
        private readonly DigestMd5DaemonFixture _fx;

        public SaslTcpEndToEndTests(DigestMd5DaemonFixture fixture) { _fx = fixture; }

        private Task<LibvirtConnection> OpenAsync(string password, WireTrace trace) =>
            LibvirtConnection.OpenAsync(ConnectionPlanner.Plan(_fx.TcpUri(_fx.NodePath)),
                new RemoteOpenOptions { Credential = new NetworkCredential(DigestMd5DaemonFixture.User, password), Timeout = TimeSpan.FromSeconds(30) },
                trace, CancellationToken.None);

        [SkippableFact(Timeout = 120000)]
        public async Task DigestMd5OverTcp_ListsTheSameDomainsAsVirsh_InsideTheSecurityLayer()
        {
            Skip.If(_fx.UnavailableReason != null, _fx.UnavailableReason);
            var trace = new WireTrace { Enabled = true };
            using var c = await OpenAsync(DigestMd5DaemonFixture.Password, trace);
            var domains = await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None);
            var lines = trace.Drain().ToList();
            Assert.Contains(lines, l => l.Contains("security layer on"));
            Assert.DoesNotContain(lines, l => l.Contains(DigestMd5DaemonFixture.Password));

            var virsh = _fx.RunVirsh(_fx.AuthFile, _fx.TcpUri(_fx.NodePath), "list", "--all", "--name");
            Assert.Equal(0, virsh.ExitCode);
            var expected = virsh.Stdout.Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).OrderBy(s => s, StringComparer.Ordinal);
            Assert.Equal(expected, domains.Select(d => d.Name).OrderBy(s => s, StringComparer.Ordinal));
            Assert.True(domains.Count >= DigestMd5DaemonFixture.DomainCount);
            await c.CloseAsync(CancellationToken.None);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task WrongPassword_FailsAsVirshDoes()
        {
            Skip.If(_fx.UnavailableReason != null, _fx.UnavailableReason);
            var e = await Assert.ThrowsAsync<LibvirtException>(() => OpenAsync("wrong", new WireTrace()));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            var virsh = _fx.RunVirsh(_fx.WrongAuthFile, _fx.TcpUri(_fx.NodePath), "uri");
            Assert.NotEqual(0, virsh.ExitCode);
            Assert.Contains(e.Message, virsh.Stderr);
        }
    }
}
