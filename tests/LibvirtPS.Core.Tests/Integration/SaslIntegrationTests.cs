// SASL against a real libvirtd (SaslDaemonFixture: auth_tls = "sasl", auth_unix_rw = "sasl", Cyrus with
// digest-md5 scram-sha-256 scram-sha-1 plain), compared with virsh (libvirt 9.0's own client, credentials from an
// auth.conf via LIBVIRT_AUTH_FILE so it never prompts): LibvirtPS logs in where virsh logs in and fails with
// virsh's message where virsh fails. Plain-tcp DIGEST-MD5 (with its security layer) is tested elsewhere.

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
using Xunit.Abstractions;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class SaslIntegrationTests : IClassFixture<SaslDaemonFixture>
    {
        private readonly SaslDaemonFixture _fx;
        private readonly ITestOutputHelper _out;

        public SaslIntegrationTests(SaslDaemonFixture fixture, ITestOutputHelper output)
        {
            _fx = fixture;
            _out = output;
        }

        private void SkipIfUnavailable() => Skip.If(_fx.UnavailableReason != null, _fx.UnavailableReason);

        private static async Task<(LibvirtConnection Conn, string[] Trace)> Open(string uri, NetworkCredential? credential, CancellationToken ct)
        {
            var trace = new WireTrace { Enabled = true };
            var plan = ConnectionPlanner.Plan(uri, new ConnectionOptions());
            var conn = await LibvirtConnection.OpenAsync(plan, new RemoteOpenOptions { Credential = credential }, trace, ct)
                .Within(TimeSpan.FromSeconds(45), "open " + uri);
            return (conn, trace.Drain().ToArray());
        }

        private static NetworkCredential Fred() => new NetworkCredential(SaslDaemonFixture.User, SaslDaemonFixture.Password);

        private string Uri(string transport, string extra) => transport == "tls" ? _fx.TlsUri(extra) : _fx.UnixUri(extra);

        [SkippableTheory]
        [InlineData("tls", "", "SCRAM-SHA-256")]                  // no auth=: Cyrus' choice from the daemon's list
        [InlineData("tls", "&auth=sasl.SCRAM-SHA-256", "SCRAM-SHA-256")]
        [InlineData("tls", "&auth=sasl.SCRAM-SHA-1", "SCRAM-SHA-1")]
        [InlineData("tls", "&auth=sasl.PLAIN", "PLAIN")]
        [InlineData("tls", "&auth=sasl", "SCRAM-SHA-256")]
        [InlineData("unix", "", "SCRAM-SHA-256")]
        [InlineData("unix", "&auth=sasl.SCRAM-SHA-1", "SCRAM-SHA-1")]
        [InlineData("unix", "&auth=sasl.PLAIN", "PLAIN")]
        public async Task Logs_in_and_lists_like_virsh(string transport, string extra, string mechanism)
        {
            SkipIfUnavailable();
            string uri = Uri(transport, extra);
            var virsh = _fx.RunVirsh(_fx.GoodAuthFile, uri, "list", "--all", "--name");
            Assert.True(virsh.ExitCode == 0, "virsh: " + virsh);

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var (conn, trace) = await Open(uri, Fred(), cts.Token);
            using (conn)
            {
                foreach (var l in trace.Where(l => l.Contains("SASL"))) _out.WriteLine(l);
                Assert.Contains(trace, l => l == "SASL: using " + mechanism);
                var domains = await conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, cts.Token);
                Assert.Equal(virsh.Lines.OrderBy(x => x, StringComparer.Ordinal), domains.Select(d => d.Name).OrderBy(x => x, StringComparer.Ordinal));
                await conn.CloseAsync(cts.Token);
            }
        }

        [SkippableTheory]
        [InlineData("tls")]
        [InlineData("unix")]
        public async Task Credentials_from_authfile_parameter(string transport)
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var (conn, trace) = await Open(Uri(transport, "&authfile=" + _fx.GoodAuthFile), null, cts.Token);
            using (conn)
            {
                Assert.Contains(trace, l => l.StartsWith("SASL password: from " + _fx.GoodAuthFile, StringComparison.Ordinal));
                Assert.NotEmpty(await conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, cts.Token));
            }
        }

        [SkippableTheory]
        [InlineData("tls", "", "")]                       // SCRAM-SHA-256
        [InlineData("tls", "&auth=sasl.PLAIN", "")]
        [InlineData("unix", "&auth=sasl.SCRAM-SHA-1", "")]
        [InlineData("tls", "&auth=sasl.NOSUCH", "SASL mechanism NOSUCH not supported by server")]
        [InlineData("tls", "&auth=sasl.scram-sha-256", "SASL mechanism scram-sha-256 not supported by server")]
        [InlineData("unix", "&auth=polkit", "requested authentication type polkit rejected")]
        [InlineData("unix", "&auth=kerberos", "unknown authentication type kerberos")]
        public async Task Fails_with_virshs_message(string transport, string extra, string expectedDetail)
        {
            SkipIfUnavailable();
            string uri = Uri(transport, extra);
            bool wrongPassword = expectedDetail.Length == 0;
            var virsh = _fx.RunVirsh(wrongPassword ? _fx.BadAuthFile : _fx.GoodAuthFile, uri, "uri");
            Assert.NotEqual(0, virsh.ExitCode);
            string virshError = virsh.ErrorLines.FirstOrDefault(l => l.Contains("auth", StringComparison.Ordinal) || l.Contains("SASL", StringComparison.Ordinal)) ?? virsh.Stderr;
            _out.WriteLine("virsh: " + virshError);

            var cred = wrongPassword ? new NetworkCredential(SaslDaemonFixture.User, "wrong") : Fred();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var (e, _) = await ExpectLibvirtErrorAsync(() => Open(uri, cred, cts.Token), TimeSpan.FromSeconds(50), "open " + uri);
            _out.WriteLine("LibvirtPS: " + e.Message);
            Assert.Equal(virshError, e.Message);
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            if (!wrongPassword) Assert.Equal("authentication failed: " + expectedDetail, e.Message);
            else Assert.Equal("authentication failed: authentication failed", e.Message);
        }

        [SkippableFact]
        public async Task No_credentials_and_nobody_to_ask()
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            // an empty auth file: nothing applies
            string empty = System.IO.Path.Combine(_fx.Dir, "auth-empty.conf");
            System.IO.File.WriteAllText(empty, "");
            var (e, _) = await ExpectLibvirtErrorAsync(() => Open(_fx.TlsUri("&authfile=" + empty), null, cts.Token), TimeSpan.FromSeconds(50), "open");
            Assert.Equal("authentication failed: No authentication callback available", e.Message);
        }

        [SkippableTheory]
        [InlineData("tls", "&auth=sasl.SCRAM-SHA-256")]
        [InlineData("tls", "&auth=sasl.PLAIN")]
        [InlineData("unix", "&auth=sasl.SCRAM-SHA-1")]
        public async Task Password_never_appears_in_the_trace(string transport, string extra)
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var trace = new WireTrace { Enabled = true };
            var plan = ConnectionPlanner.Plan(Uri(transport, extra), new ConnectionOptions());
            using (var conn = await LibvirtConnection.OpenAsync(plan,
                       new RemoteOpenOptions { Credential = new NetworkCredential(SaslDaemonFixture.TraceUser, SaslDaemonFixture.TracePassword) }, trace, cts.Token))
            {
                await conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, cts.Token);
                await conn.CloseAsync(cts.Token);
            }
            var lines = trace.Drain().ToArray();
            Assert.Contains(lines, l => l.Contains("AUTH_SASL_START", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(SaslDaemonFixture.TracePassword, StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SaslDaemonFixture.TracePassword)), StringComparison.Ordinal));
        }
    }
}
