// The tls transport and Test-LibvirtTls's checker against real libvirtd TLS listeners, compared with virsh
// (libvirt 9.0's own client) case by case: LibvirtPS accepts exactly where virsh accepts, fails with virsh's
// message where virsh fails, and the checker reports the matching failed check. Needs root, libvirtd, virsh,
// certtool and openssl; otherwise skipped with the reason.

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tls.Check;
using LibvirtPS.Core.Uris;
using Xunit;
using Xunit.Abstractions;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class TlsIntegrationTests : IClassFixture<TlsDaemonFixture>
    {
        private readonly TlsDaemonFixture _fx;
        private readonly ITestOutputHelper _out;

        public TlsIntegrationTests(TlsDaemonFixture fixture, ITestOutputHelper output)
        {
            _fx = fixture;
            _out = output;
        }

        private void SkipIfUnavailable() => Skip.If(_fx.UnavailableReason != null, _fx.UnavailableReason);

        /// <summary>A case: the URI, whether virsh 9.0 accepts it, the expected error text, the check Test-LibvirtTls must fail.</summary>
        private (string Uri, bool Accept, string? Error, string? FailedCheck) Case(string name)
        {
            string Good() => _fx.PkiDir("good", "cacert.pem", "client1cert.pem", "client1key.pem");
            string Uri(string host, int port, string pkipath, string extra = "") =>
                "test+tls://" + host + ":" + port + "/default?pkipath=" + pkipath + extra;
            const string VerifyFailed = "authentication failed: Failed to verify peer's certificate";
            const string Rejected = "Unable to read TLS confirmation: Input/output error";
            switch (name)
            {
                case "good":
                    return (Uri("localhost", _fx.MainPort, Good()), true, null, null);
                case "good-ecdsa-pkcs8":
                    return (Uri("localhost", _fx.MainPort, _fx.PkiDir("ec", "cacert.pem", "client1eccert.pem", "client1eckey.pem")), true, null, null);
                case "client-key-usage":
                {
                    string d = _fx.PkiDir("noenc", "cacert.pem", "noenccert.pem", "client1eckey.pem");
                    return (Uri("localhost", _fx.MainPort, d), false, "Certificate " + d + "/clientcert.pem usage does not permit key encipherment", "Sanity checks");
                }
                case "client-key-usage-no-sanity":
                    // the daemon applies the same key usage rule to the client certificate and drops the connection
                    return (Uri("localhost", _fx.MainPort, _fx.PkiDir("noenc", "cacert.pem", "noenccert.pem", "client1eckey.pem"), "&no_sanity=1"), false, Rejected, "Daemon accepted client");
                case "wrong-host":
                    return (Uri("127.0.0.1", _fx.MainPort, Good()), false, VerifyFailed, "Server certificate");
                case "wrong-host-no-verify":
                    return (Uri("127.0.0.1", _fx.MainPort, Good(), "&no_verify=1"), true, null, null);
                case "expired-server":
                    return (Uri("localhost", _fx.ExpiredPort, Good()), false, VerifyFailed, "Server certificate");
                case "expired-server-no-verify":
                    return (Uri("localhost", _fx.ExpiredPort, Good(), "&no_verify=1"), true, null, null);
                case "untrusted-ca":
                    return (Uri("localhost", _fx.MainPort, _fx.PkiDir("altca", "altcacert.pem", null, null)), false, VerifyFailed, "Server certificate");
                case "client-cert-missing":
                    return (Uri("localhost", _fx.MainPort, _fx.PkiDir("caonly", "cacert.pem", null, null)), false, Rejected, "Daemon accepted client");
                case "dn-not-allowed":
                    return (Uri("localhost", _fx.MainPort, _fx.PkiDir("intruder", "cacert.pem", "intrudercert.pem", "intruderkey.pem")), false, Rejected, "Daemon accepted client");
                case "empty-pkipath":
                {
                    string d = _fx.PkiDir("empty", null, null, null);
                    return (Uri("localhost", _fx.MainPort, d), false, "Cannot read CA certificate '" + d + "/cacert.pem': No such file or directory", "CA certificate file");
                }
                case "empty-pkipath-unreachable":
                {
                    string d = _fx.PkiDir("empty", null, null, null);
                    return (Uri("127.0.0.1", 1, d), false, "Cannot read CA certificate '" + d + "/cacert.pem': No such file or directory", "CA certificate file");
                }
                case "priority-none":
                    return (Uri("localhost", _fx.MainPort, Good(), "&tls_priority=NONE"), false,
                        "Failed to set TLS session priority to NONE: No or insufficient priorities were set.", "TLS priority");
                case "priority-tls12":
                    return (Uri("localhost", _fx.MainPort, Good(), "&tls_priority=NORMAL:-VERS-ALL:+VERS-TLS1.2"), true, null, null);
                case "priority-tls13":
                    return (Uri("localhost", _fx.MainPort, Good(), "&tls_priority=NORMAL:-VERS-TLS1.2"), true, null, null);
                default:
                    throw new ArgumentException(name);
            }
        }

        public static TheoryData<string> Cases => new TheoryData<string>
        {
            "good", "good-ecdsa-pkcs8", "client-key-usage", "client-key-usage-no-sanity", "wrong-host", "wrong-host-no-verify", "expired-server", "expired-server-no-verify", "untrusted-ca",
            "client-cert-missing", "dn-not-allowed", "empty-pkipath", "empty-pkipath-unreachable", "priority-none", "priority-tls12", "priority-tls13",
        };

        [SkippableTheory(Timeout = 90000)]
        [MemberData(nameof(Cases))]
        public async Task Connect_AcceptsExactlyWhereVirshAccepts(string name)
        {
            SkipIfUnavailable();
            var c = Case(name);
            var virsh = _fx.RunVirsh(c.Uri, "uri");
            _out.WriteLine("virsh: " + virsh);
            Assert.True(c.Accept == (virsh.ExitCode == 0), "the case table disagrees with virsh: " + virsh);

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            if (c.Accept)
            {
                using var conn = await OpenAsync(c.Uri, cts.Token).Within(TimeSpan.FromSeconds(45), "open " + name);
                Assert.True(conn.IsAlive);
                Assert.Equal(LibvirtTransport.Tls, conn.Transport);
                Assert.Equal(virsh.Stdout.Trim(), conn.Uri);
                await conn.CloseAsync(cts.Token).Within(TimeSpan.FromSeconds(10), "close");
            }
            else
            {
                var (e, _) = await ExpectLibvirtErrorAsync(() => OpenAsync(c.Uri, cts.Token), TimeSpan.FromSeconds(45), "open " + name);
                _out.WriteLine("LibvirtPS: " + e.Message + " | hint: " + e.Hint);
                string virshError = virsh.ErrorLines.Last();
                Assert.Equal(virshError, e.Message);
                Assert.Equal(c.Error, e.Message);
            }
        }

        [SkippableTheory(Timeout = 90000)]
        [MemberData(nameof(Cases))]
        public async Task Checker_ReportsTheMatchingFailedCheck(string name)
        {
            SkipIfUnavailable();
            var c = Case(name);
            var plan = ConnectionPlanner.Plan(c.Uri, new ConnectionOptions());
            var result = await TlsChecker.RunAsync(plan, offline: false, TimeSpan.FromSeconds(20), CancellationToken.None)
                .Within(TimeSpan.FromSeconds(45), "check " + name);
            foreach (var item in result.Checks) _out.WriteLine(item + (item.Remedy != null && !item.Passed ? "\n    fix: " + item.Remedy : ""));
            Assert.Equal(c.Accept, result.Success);
            if (c.FailedCheck != null)
            {
                var failed = result.Checks.Where(i => !i.Passed && i.Severity == TlsCheckSeverity.Error).ToList();
                Assert.Contains(failed, i => i.Name == c.FailedCheck);
                Assert.All(failed, i => Assert.False(string.IsNullOrEmpty(i.Remedy)));
            }
            if (c.Accept)
            {
                Assert.True(result.DaemonAcceptedClient);
                Assert.NotEmpty(result.ServerChain);
                Assert.StartsWith("TLS 1.", result.ProtocolVersion);
            }
            if (name == "priority-tls12") Assert.Equal("TLS 1.2", result.ProtocolVersion);
            if (name == "priority-tls13") Assert.Equal("TLS 1.3", result.ProtocolVersion);
            if (name == "dn-not-allowed") Assert.Contains("CN=intruder", result.ClientSubject);
            if (name.EndsWith("no-verify", StringComparison.Ordinal))
                Assert.Contains(result.Checks, i => i.Name == "Server certificate" && !i.Passed && i.Severity == TlsCheckSeverity.Warning);
        }

        [SkippableFact(Timeout = 90000)]
        public async Task Listing_OverTls_MatchesVirsh()
        {
            SkipIfUnavailable();
            var c = Case("good");
            var names = _fx.RunVirsh(c.Uri, "list", "--all", "--name");
            AssertVirshOk(names, "virsh list");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var conn = await OpenAsync(c.Uri, cts.Token).Within(TimeSpan.FromSeconds(45), "open");
            var domains = await conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, cts.Token).Within(TimeSpan.FromSeconds(20), "list");
            Assert.Equal(names.Lines, domains.Select(d => d.Name).ToList());
            await conn.CloseAsync(cts.Token).Within(TimeSpan.FromSeconds(10), "close");
        }

        [SkippableFact(Timeout = 120000)]
        public async Task ManyCallsAndConcurrentConnections_OverTls()
        {
            SkipIfUnavailable();
            var c = Case("good");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            var conns = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync(c.Uri, cts.Token))).Within(TimeSpan.FromSeconds(60), "open x4");
            try
            {
                var lists = await Task.WhenAll(conns.SelectMany(conn => Enumerable.Range(0, 25).Select(_ => conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, cts.Token))))
                    .Within(TimeSpan.FromSeconds(60), "100 listings");
                Assert.All(lists, l => Assert.NotEmpty(l));
            }
            finally
            {
                foreach (var conn in conns) await conn.CloseAsync(cts.Token);
                foreach (var conn in conns) conn.Dispose();
            }
        }
    }
}
