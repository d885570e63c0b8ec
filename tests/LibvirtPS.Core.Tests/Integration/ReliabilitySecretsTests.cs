// Secrets (issue 9): every auth path that exists here is run with the core's wire trace switched on, once with a bad
// and once with the good secret; every trace line and every exception's Message, Hint and ToString() is collected, and
// none may contain the password, the passphrase, the bad secret, or any line of the private key's base64 body.
// Paths: SASL SCRAM over unix (SaslDaemonFixture), DIGEST-MD5 over plain tcp (DigestMd5DaemonFixture), libssh2 with
// a password user (when SshdFixture could create one) and libssh2 with the encrypted key and its passphrase.
// Each path is skipped with its fixture's reason when that fixture cannot run.

using System;
using System.Collections.Generic;
using System.IO;
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
using Xunit.Abstractions;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class ReliabilitySecretsTests :
        IClassFixture<SaslDaemonFixture>, IClassFixture<DigestMd5DaemonFixture>, IClassFixture<SshdFixture>, IClassFixture<LibvirtdFixture>
    {
        /// <summary>The wrong secret tried first; it must not leak either.</summary>
        private const string BadSecret = "Wr0ng-Rel1ability-Secret-5521";

        private readonly SaslDaemonFixture _sasl;
        private readonly DigestMd5DaemonFixture _digest;
        private readonly SshdFixture _sshd;
        private readonly LibvirtdFixture _fx;
        private readonly ITestOutputHelper _out;

        public ReliabilitySecretsTests(SaslDaemonFixture sasl, DigestMd5DaemonFixture digest, SshdFixture sshd, LibvirtdFixture fx, ITestOutputHelper output)
        {
            _sasl = sasl;
            _digest = digest;
            _sshd = sshd;
            _fx = fx;
            _out = output;
        }

        /// <summary>Everything a user or a log could see of one open (and a listing when it succeeds).</summary>
        private sealed class Collected
        {
            public List<string> Texts { get; } = new List<string>();
            public int TraceLines;
            public int Errors;
            public int Successes;
        }

        private static void AddException(Collected c, Exception e)
        {
            c.Errors++;
            for (var x = e; x != null; x = x.InnerException)
            {
                c.Texts.Add(x.Message);
                if (x is LibvirtException le && le.Hint != null) c.Texts.Add(le.Hint);
            }
            c.Texts.Add(e.ToString());
        }

        private static async Task OpenAndCollect(Collected c, string uri, NetworkCredential credential)
        {
            var trace = new WireTrace { Enabled = true };
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
                var plan = ConnectionPlanner.Plan(uri, new ConnectionOptions());
                var open = LibvirtConnection.OpenAsync(plan, new RemoteOpenOptions { Credential = credential, Timeout = TimeSpan.FromSeconds(30) }, trace, cts.Token);
                using var conn = await open.Within(TimeSpan.FromSeconds(50), "open " + uri);
                await conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, cts.Token).Within(TimeSpan.FromSeconds(50), "list");
                c.Successes++;
                await conn.CloseAsync(cts.Token);
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                AddException(c, e);
            }
            finally
            {
                var lines = trace.Drain().ToList();
                c.TraceLines += lines.Count;
                c.Texts.AddRange(lines);
            }
        }

        private void AssertNoSecret(Collected c, string what, params string[] secrets)
        {
            _out.WriteLine(what + ": " + c.TraceLines + " trace lines, " + c.Errors + " exceptions, " + c.Successes + " successful opens, " + c.Texts.Count + " texts checked");
            Assert.True(c.TraceLines > 0, what + ": the trace recorded nothing");
            foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
            {
                var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
                foreach (var t in c.Texts)
                {
                    Assert.False(t.Contains(secret, StringComparison.Ordinal), what + ": a secret appears in: " + t);
                    Assert.False(t.Contains(b64, StringComparison.Ordinal), what + ": a secret's base64 appears in: " + t);
                }
            }
        }

        // ------------------------------------------------------------------------------------------------

        [SkippableFact(Timeout = 120000)]
        public async Task SaslScramOverUnix_NoSecretInTraceOrErrors()
        {
            Skip.If(_sasl.UnavailableReason != null, _sasl.UnavailableReason);
            var c = new Collected();
            string uri = _sasl.UnixUri("&auth=sasl.SCRAM-SHA-256");
            await OpenAndCollect(c, uri, new NetworkCredential(SaslDaemonFixture.TraceUser, BadSecret));
            await OpenAndCollect(c, uri, new NetworkCredential(SaslDaemonFixture.TraceUser, SaslDaemonFixture.TracePassword));
            Assert.Equal(1, c.Errors);
            Assert.Equal(1, c.Successes);
            Assert.Contains(c.Texts, t => t.Contains("AUTH_SASL_START", StringComparison.Ordinal));
            AssertNoSecret(c, "SASL SCRAM-SHA-256 over unix", SaslDaemonFixture.TracePassword, BadSecret);
        }

        [SkippableFact(Timeout = 180000)]
        public async Task DigestMd5OverTcp_NoSecretInTraceOrErrors()
        {
            Skip.If(_digest.UnavailableReason != null, _digest.UnavailableReason);
            var c = new Collected();
            string uri = _digest.TcpUri();
            await OpenAndCollect(c, uri, new NetworkCredential(DigestMd5DaemonFixture.User, BadSecret));
            await OpenAndCollect(c, uri, new NetworkCredential(DigestMd5DaemonFixture.User, DigestMd5DaemonFixture.Password));
            Assert.Equal(1, c.Errors);
            Assert.Equal(1, c.Successes);
            Assert.Contains(c.Texts, t => t.Contains("security layer on", StringComparison.Ordinal));
            // the fixture's password is the short word "secret": check it as a word-bounded token too
            AssertNoSecret(c, "DIGEST-MD5 over tcp", BadSecret);
            foreach (var t in c.Texts)
                Assert.False(ContainsPasswordValue(t, DigestMd5DaemonFixture.Password), "DIGEST-MD5: the password appears in: " + t);
        }

        /// <summary>The password as a value (after '=', ':', a quote or a space), not as part of a word like "secrets".</summary>
        private static bool ContainsPasswordValue(string text, string password) =>
            System.Text.RegularExpressions.Regex.IsMatch(text, @"(?:^|[=:""'\s])" + System.Text.RegularExpressions.Regex.Escape(password) + @"(?:$|[""'\s,;])");

        private void SkipIfNoSsh()
        {
            Skip.If(_sshd.UnavailableReason != null, _sshd.UnavailableReason);
            Skip.If(_fx.UnavailableReason != null, _fx.UnavailableReason);
            _fx.EnsureRunning();
            if (!_sshd.IsRunning) _sshd.Start();
        }

        private string KnownHosts()
        {
            string p = Path.Combine(_sshd.Dir, "known_hosts.reliability-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            File.WriteAllText(p, "[127.0.0.1]:" + _sshd.Port + " " + _sshd.HostPublicKeyLine + "\n");
            return p;
        }

        [SkippableFact(Timeout = 120000)]
        public async Task Libssh2Password_NoSecretInTraceOrErrors()
        {
            SkipIfNoSsh();
            Skip.If(_sshd.PasswordUser == null, "the sshd fixture has no password user (useradd/chpasswd unavailable)");
            var c = new Collected();
            string uri = "test+libssh2://" + _sshd.PasswordUser + "@127.0.0.1:" + _sshd.Port + "/default?socket=" + _fx.ReadOnlySocketPath +
                         "&known_hosts=" + KnownHosts() + "&sshauth=password";
            await OpenAndCollect(c, uri, new NetworkCredential("", BadSecret));
            // the good password logs in; the remote nc may still fail to reach the socket (that user is not root): still collected
            await OpenAndCollect(c, uri, new NetworkCredential("", _sshd.PasswordUserPassword));
            Assert.True(c.Errors >= 1);
            AssertNoSecret(c, "libssh2 password", _sshd.PasswordUserPassword!, BadSecret);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task Libssh2EncryptedKey_NoPassphraseOrKeyInTraceOrErrors()
        {
            SkipIfNoSsh();
            var c = new Collected();
            string uri = "test+libssh2://root@127.0.0.1:" + _sshd.Port + "/default?socket=" + _fx.SocketPath + "&keyfile=" + _sshd.EncryptedUserKeyPath +
                         "&known_hosts=" + KnownHosts() + "&sshauth=privkey";
            await OpenAndCollect(c, uri, new NetworkCredential("", BadSecret));
            await OpenAndCollect(c, uri, new NetworkCredential("", SshdFixture.EncryptedUserKeyPassphrase));
            Assert.Equal(1, c.Errors);
            Assert.Equal(1, c.Successes);

            // the key file's base64 body, line by line
            var body = File.ReadAllLines(_sshd.EncryptedUserKeyPath).Select(l => l.Trim())
                .Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(body);
            AssertNoSecret(c, "libssh2 encrypted key", new[] { SshdFixture.EncryptedUserKeyPassphrase, BadSecret }.Concat(body).ToArray());
        }
    }
}
