// +libssh / +libssh2 (SSH.NET) against a private sshd on loopback and a private libvirtd (test driver) reached
// through netcat on the sshd side (socket= in the URI). Needs root, sshd, nc, libvirtd, virsh; else skipped.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using LibvirtPS.Core.Transports.Ssh;
using LibvirtPS.Core.Uris;
using Xunit;
using Xunit.Abstractions;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class LibsshIntegrationTests : IClassFixture<SshdFixture>, IClassFixture<LibvirtdFixture>, IDisposable
    {
        private readonly SshdFixture _sshd;
        private readonly LibvirtdFixture _fx;
        private readonly ITestOutputHelper _out;
        private readonly string _tmp;

        public LibsshIntegrationTests(SshdFixture sshd, LibvirtdFixture fx, ITestOutputHelper output)
        {
            _sshd = sshd;
            _fx = fx;
            _out = output;
            _tmp = Path.Combine(Path.GetTempPath(), "libvirtps-libssh-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_tmp);
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
            if (_sshd.UnavailableReason == null && !_sshd.IsRunning) _sshd.Start();
        }

        public void Dispose()
        {
            try { Directory.Delete(_tmp, true); } catch (IOException) { }
        }

        private void SkipIfUnavailable()
        {
            Skip.If(_sshd.UnavailableReason != null, _sshd.UnavailableReason);
            Skip.If(_fx.UnavailableReason != null, _fx.UnavailableReason);
        }

        private string CopyKnownHosts()
        {
            string p = Path.Combine(_tmp, "known_hosts." + Guid.NewGuid().ToString("N"));
            // from the current host key: RotateHostKey in another test leaves the fixture's own file stale
            File.WriteAllText(p, "[127.0.0.1]:" + _sshd.Port + " " + _sshd.HostPublicKeyLine + "\n");
            return p;
        }

        private string Uri(string transport, string keyFile, string knownHosts, string? extra = null, string path = "/default") =>
            "test+" + transport + "://root@127.0.0.1:" + _sshd.Port + path + "?socket=" + _fx.SocketPath + "&keyfile=" + keyFile +
            "&known_hosts=" + knownHosts + "&sshauth=privkey" + (extra != null ? "&" + extra : "");

        private static Task<LibvirtConnection> Open(string uri, RemoteOpenOptions? options = null, CancellationToken ct = default)
        {
            var plan = ConnectionPlanner.Plan(uri, new ConnectionOptions());
            var trace = new WireTrace { Enabled = true };
            return LibvirtConnection.OpenAsync(plan, options ?? new RemoteOpenOptions { Timeout = TimeSpan.FromSeconds(20) }, trace, ct == default ? new CancellationTokenSource(30000).Token : ct);
        }

        private async Task<LibvirtException> ExpectError(string uri, RemoteOpenOptions? options = null)
        {
            var (e, elapsed) = await ExpectLibvirtErrorAsync(async () => { using var c = await Open(uri, options); }, TimeSpan.FromSeconds(30), "open " + uri);
            _out.WriteLine(e.Code + " / " + e.Domain + ": " + e.Message + " (" + elapsed.TotalMilliseconds.ToString("0") + " ms)");
            return e;
        }

        private async Task<IReadOnlyList<string>> Names(LibvirtConnection c) =>
            (await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None)).Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

        [SkippableTheory(Timeout = 60000)]
        [InlineData("libssh2", "ed25519")]
        [InlineData("libssh", "ed25519")]
        [InlineData("libssh2", "rsa-pem")]
        [InlineData("libssh", "rsa-pem")]
        public async Task KnownKey_KeyFile_DomainsMatchVirsh(string transport, string key)
        {
            SkipIfUnavailable();
            string keyFile = key == "ed25519" ? _sshd.UserKeyPath : _sshd.UserRsaKeyPemPath;
            string uri = Uri(transport, keyFile, CopyKnownHosts());
            var sw = Stopwatch.StartNew();
            using var c = await Open(uri);
            _out.WriteLine("open over " + transport + " with " + key + ": " + sw.ElapsedMilliseconds + " ms");
            foreach (var l in c.Trace.Drain()) _out.WriteLine("  " + l);
            Assert.True(c.IsAlive);
            Assert.Equal(transport == "libssh" ? LibvirtTransport.Libssh : LibvirtTransport.Libssh2, c.Transport);
            var ours = await Names(c);

            // virsh over the very same URI (libssh2 on Debian 12 signs with ssh-rsa only: the RSA key is the portable one)
            if (key == "rsa-pem")
            {
                var r = _fx.RunVirshOn(uri, "list", "--all", "--name");
                _out.WriteLine("virsh: " + r);
                AssertVirshOk(r, "virsh list over " + transport);
                Assert.Equal(r.Lines.OrderBy(n => n, StringComparer.Ordinal).ToList(), ours);
            }
            else
            {
                var r = _fx.RunVirsh("list", "--all", "--name");
                AssertVirshOk(r, "virsh list over unix");
                Assert.Equal(r.Lines.OrderBy(n => n, StringComparer.Ordinal).ToList(), ours);
            }
            await c.CloseAsync(CancellationToken.None);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task EncryptedKey_PassphraseFromCredential()
        {
            SkipIfUnavailable();
            string uri = Uri("libssh2", _sshd.EncryptedUserKeyPath, CopyKnownHosts());
            using var c = await Open(uri, new RemoteOpenOptions { Credential = new NetworkCredential("", SshdFixture.EncryptedUserKeyPassphrase) });
            Assert.Contains("test", await Names(c));
        }

        [SkippableFact(Timeout = 60000)]
        public async Task EncryptedKey_NoPassphrase_NonInteractive_AuthFailedSaysWhy()
        {
            SkipIfUnavailable();
            var e = await ExpectError(Uri("libssh2", _sshd.EncryptedUserKeyPath, CopyKnownHosts()));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Contains("-Credential", e.Message);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task EncryptedKey_PassphraseFromPrompt()
        {
            SkipIfUnavailable();
            var ui = new ScriptedInteraction { Secret = SshdFixture.EncryptedUserKeyPassphrase };
            using var c = await Open(Uri("libssh2", _sshd.EncryptedUserKeyPath, CopyKnownHosts()), new RemoteOpenOptions { Interaction = ui });
            Assert.Contains("test", await Names(c));
            Assert.Single(ui.Asked);
            Assert.Contains(_sshd.EncryptedUserKeyPath, ui.Asked[0]);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task Auto_AddsTheKeyLine_CreatingFolderAndFile()
        {
            SkipIfUnavailable();
            string kh = Path.Combine(_tmp, "new", "dir", "known_hosts");
            using (var c = await Open(Uri("libssh2", _sshd.UserKeyPath, kh, "known_hosts_verify=auto")))
                Assert.True(c.IsAlive);
            var lines = File.ReadAllLines(kh);
            Assert.Equal(new[] { "[127.0.0.1]:" + _sshd.Port + " " + _sshd.HostPublicKeyLine }, lines);
            // and the file is now good for normal mode
            using var again = await Open(Uri("libssh2", _sshd.UserKeyPath, kh));
            Assert.True(again.IsAlive);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task Ignore_NoCheck_FileUntouched()
        {
            SkipIfUnavailable();
            string kh = Path.Combine(_tmp, "absent_known_hosts");
            using var c = await Open(Uri("libssh", _sshd.UserKeyPath, kh, "known_hosts_verify=ignore"));
            Assert.True(c.IsAlive);
            Assert.False(File.Exists(kh));
        }

        [SkippableTheory(Timeout = 60000)]
        [InlineData("libssh2")]
        [InlineData("libssh")]
        public async Task UnknownKey_NonInteractive_RefusedWithHowTo(string transport)
        {
            SkipIfUnavailable();
            string kh = Path.Combine(_tmp, "empty_known_hosts");
            File.WriteAllText(kh, "");
            var e = await ExpectError(Uri(transport, _sshd.UserKeyPath, kh));
            Assert.Equal(transport == "libssh" ? LibvirtErrorCode.Libssh : LibvirtErrorCode.Ssh, e.Code);
            Assert.Contains("known_hosts_verify=auto", e.Message);
            Assert.Contains("[127.0.0.1]:" + _sshd.Port + " " + _sshd.HostPublicKeyLine, e.Message);
            Assert.Contains("SHA256:", e.Message);
            Assert.Equal("", File.ReadAllText(kh));
        }

        [SkippableFact(Timeout = 60000)]
        public async Task UnknownKey_Interactive_AskedWithLibvirtPrompt_AcceptedAndStored()
        {
            SkipIfUnavailable();
            string kh = Path.Combine(_tmp, "asked_known_hosts");
            var ui = new ScriptedInteraction { Answer = true };
            using (var c = await Open(Uri("libssh2", _sshd.UserKeyPath, kh), new RemoteOpenOptions { Interaction = ui }))
                Assert.True(c.IsAlive);
            var q = Assert.Single(ui.Questions);
            string blob = _sshd.HostPublicKeyLine.Split(' ')[1];
            Assert.Equal("Accept SSH host key with hash '" + KnownHosts.Fingerprint(Convert.FromBase64String(blob)) + "' for host '127.0.0.1:" + _sshd.Port + "' (y/n)?", q);
            Assert.Contains(_sshd.HostPublicKeyLine, File.ReadAllText(kh));
        }

        [SkippableFact(Timeout = 60000)]
        public async Task UnknownKey_Interactive_Declined_Refused()
        {
            SkipIfUnavailable();
            string kh = Path.Combine(_tmp, "declined_known_hosts");
            var e = await ExpectError(Uri("libssh2", _sshd.UserKeyPath, kh), new RemoteOpenOptions { Interaction = new ScriptedInteraction { Answer = false } });
            Assert.Contains("was not accepted", e.Message);
            Assert.False(File.Exists(kh));
        }

        [SkippableFact(Timeout = 90000)]
        public async Task ChangedKey_RefusedWithLibvirtWarning_EvenInAutoMode()
        {
            SkipIfUnavailable();
            string kh = CopyKnownHosts();
            _sshd.RotateHostKey();
            foreach (var mode in new[] { "normal", "auto" })
            {
                var e = await ExpectError(Uri("libssh2", _sshd.UserKeyPath, kh, "known_hosts_verify=" + mode),
                    new RemoteOpenOptions { Interaction = new ScriptedInteraction { Answer = true } });
                Assert.Equal(LibvirtErrorCode.Ssh, e.Code);
                Assert.StartsWith("!!! SSH HOST KEY VERIFICATION FAILED !!!: Identity of host '127.0.0.1:" + _sshd.Port + "' differs from stored identity.", e.Detail);
                Assert.Contains(kh, e.Message);
            }
        }

        [SkippableFact(Timeout = 60000)]
        public async Task WrongKey_AuthFailedNamesMethods()
        {
            SkipIfUnavailable();
            string stranger = Path.Combine(_tmp, "stranger");
            var gen = Process.Start(new ProcessStartInfo("ssh-keygen", "-q -t ed25519 -N \"\" -f " + stranger) { RedirectStandardOutput = true })!;
            gen.WaitForExit(10000);
            var e = await ExpectError(Uri("libssh2", stranger, CopyKnownHosts(), null).Replace("sshauth=privkey", "sshauth=agent,privkey"));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Contains("privkey '" + stranger + "'", e.Message);
            Assert.Contains("agent", e.Message);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task MissingKeyFile_AuthFailedSaysSo()
        {
            SkipIfUnavailable();
            var e = await ExpectError(Uri("libssh2", Path.Combine(_tmp, "nokey"), CopyKnownHosts()));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Contains("No such file", e.Message);
        }

        [SkippableFact(Timeout = 90000)]
        public async Task SshdDown_ConnectionRefused()
        {
            SkipIfUnavailable();
            _sshd.Stop();
            try
            {
                var e = await ExpectError(Uri("libssh2", _sshd.UserKeyPath, CopyKnownHosts()));
                Assert.Equal(LibvirtErrorCode.SystemError, e.Code);
                Assert.Equal("unable to connect to server at '127.0.0.1:" + _sshd.Port + "': Connection refused", e.Detail);
            }
            finally
            {
                _sshd.Start();
            }
        }

        [SkippableFact(Timeout = 60000)]
        public async Task Password_FromCredential()
        {
            SkipIfUnavailable();
            Skip.If(_sshd.PasswordUser == null, "the sshd fixture has no password user");
            // that user may only reach the read-only socket (0777); the rw one is root's
            string uri = "test+libssh2://" + _sshd.PasswordUser + "@127.0.0.1:" + _sshd.Port + "/default?socket=" + _fx.ReadOnlySocketPath +
                         "&known_hosts=" + CopyKnownHosts() + "&sshauth=password";
            // the password logs in; that user cannot reach the fixture's (root-only) socket folder, so the remote nc complains,
            // and its stderr must reach the error as libvirt shows it ("Cannot recv data: nc: ...") — not "authentication failed"
            var ok = await ExpectError(uri, new RemoteOpenOptions { Credential = new NetworkCredential("", _sshd.PasswordUserPassword) });
            Assert.NotEqual(LibvirtErrorCode.AuthFailed, ok.Code);
            Assert.Contains("nc: ", ok.Message);
            var e = await ExpectError(uri, new RemoteOpenOptions { Credential = new NetworkCredential("", "wrong") });
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Contains("password", e.Message);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task LargeReply_TenThousandDomains_AndCloseUnblocks()
        {
            SkipIfUnavailable();
            var sb = new StringBuilder("<node>");
            for (int i = 0; i < 10000; i++)
                sb.Append(DomainXml("dom" + i.ToString("D5"), Guid.NewGuid(), 65536, 65536, 1));
            sb.Append("</node>");
            string xml = Path.Combine(_tmp, "node.xml");
            File.WriteAllText(xml, sb.ToString());
            string uri = Uri("libssh2", _sshd.UserKeyPath, CopyKnownHosts(), null, xml);
            var sw = Stopwatch.StartNew();
            using var c = await Open(uri, new RemoteOpenOptions { Timeout = TimeSpan.FromSeconds(60) }, new CancellationTokenSource(90000).Token);
            var names = await Names(c);
            _out.WriteLine("10,000 domains over libssh2 in " + sw.ElapsedMilliseconds + " ms (open included)");
            Assert.Equal(10000, names.Count);
            Assert.Equal("dom00000", names[0]);
            Assert.Equal("dom09999", names[9999]);
            // closing must end the reader thread promptly
            var close = Task.Run(() => c.Dispose());
            Assert.Same(close, await Task.WhenAny(close, Task.Delay(10000)));
            Assert.False(c.IsAlive);
        }

        /// <summary>Answers prompts from a script and records them.</summary>
        private sealed class ScriptedInteraction : IConnectionInteraction
        {
            public bool IsInteractive => true;
            public bool Answer { get; set; }
            public string? Secret { get; set; }
            public List<string> Questions { get; } = new List<string>();
            public List<string> Asked { get; } = new List<string>();

            public System.Security.SecureString? AskSecret(string prompt)
            {
                lock (Asked) Asked.Add(prompt);
                return Secret == null ? null : new NetworkCredential("", Secret).SecurePassword;
            }

            public bool Confirm(string caption, string question)
            {
                lock (Questions) Questions.Add(question);
                return Answer;
            }
        }
    }
}
