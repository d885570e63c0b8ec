// Keyboard-interactive over +libssh2 / +libssh (SSH.NET) against a private sshd with UsePAM yes (PamSshdFixture: the
// password reaches sshd only as keyboard-interactive, answered by PAM/pam_unix), and a private libvirtd (test driver).
// The fixture's throw-away password user cannot enter libvirtd's run dir (0700), so each test hard-links the read-only
// socket (0777) into the sshd fixture's dir (0755): that user reaches the same daemon, read-only.
// Oracle: python3-libvirt 9.0 openAuth with a callback that answers the prompts (virsh would read them from a terminal).
// Needs root, sshd with PAM, /etc/pam.d/sshd, pam_unix, nc, libvirtd, virsh, python3-libvirt; else skipped.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using LibvirtPS.Core.Uris;
using Xunit;
using Xunit.Abstractions;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class SshKeyboardInteractiveTests : IClassFixture<PamSshdFixture>, IClassFixture<LibvirtdFixture>, IDisposable
    {
        private readonly PamSshdFixture _sshd;
        private readonly LibvirtdFixture _fx;
        private readonly ITestOutputHelper _out;
        private string? _socketLink;

        public SshKeyboardInteractiveTests(PamSshdFixture sshd, LibvirtdFixture fx, ITestOutputHelper output)
        {
            _sshd = sshd;
            _fx = fx;
            _out = output;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
            if (_sshd.UnavailableReason == null && !_sshd.IsRunning) _sshd.Start();
        }

        public void Dispose()
        {
            if (_socketLink != null) try { File.Delete(_socketLink); } catch (IOException) { }
        }

        private void SkipIfUnavailable()
        {
            Skip.If(_sshd.UnavailableReason != null, _sshd.UnavailableReason);
            Skip.If(_fx.UnavailableReason != null, _fx.UnavailableReason);
            Skip.If(_sshd.PasswordUser == null, "the PAM sshd fixture has no password user");
        }

        private void SkipIfNoPythonOracle() => Skip.If(_fx.PythonUnavailableReason != null, _fx.PythonUnavailableReason);

        /// <summary>The daemon's read-only socket, hard-linked where the password user can reach it (made per test: a restarted daemon has a new socket).</summary>
        private string SocketForPasswordUser()
        {
            string link = Path.Combine(_sshd.Dir, "ro-sock-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            if (Posix.Link(_fx.ReadOnlySocketPath, link) != 0)
                throw new IOException("link(" + _fx.ReadOnlySocketPath + ", " + link + ") failed: errno " + Marshal.GetLastWin32Error());
            _socketLink = link;
            return link;
        }

        private string KnownHosts()
        {
            string p = Path.Combine(_sshd.Dir, "known_hosts.kbd." + Guid.NewGuid().ToString("N").Substring(0, 8));
            File.WriteAllText(p, "[127.0.0.1]:" + _sshd.Port + " " + _sshd.HostPublicKeyLine + "\n");
            return p;
        }

        private string Uri(string transport, string sshauth = "keyboard-interactive") =>
            "test+" + transport + "://" + _sshd.PasswordUser + "@127.0.0.1:" + _sshd.Port + "/default?socket=" + SocketForPasswordUser() +
            "&known_hosts=" + KnownHosts() + "&sshauth=" + sshauth;

        private static Task<LibvirtConnection> Open(string uri, RemoteOpenOptions options)
        {
            var plan = ConnectionPlanner.Plan(uri, new ConnectionOptions());
            var trace = new WireTrace { Enabled = true };
            options.Timeout = TimeSpan.FromSeconds(20);
            return LibvirtConnection.OpenAsync(plan, options, trace, new CancellationTokenSource(60000).Token);
        }

        private async Task<LibvirtException> ExpectError(string uri, RemoteOpenOptions options)
        {
            var (e, elapsed) = await ExpectLibvirtErrorAsync(async () => { using var c = await Open(uri, options); }, TimeSpan.FromSeconds(60), "open " + uri);
            _out.WriteLine("LibvirtPS: " + e.Code + " / " + e.Domain + ": " + e.Message + " (" + elapsed.TotalMilliseconds.ToString("0") + " ms)");
            return e;
        }

        private static async Task<List<string>> Names(LibvirtConnection c) =>
            (await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None)).Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

        /// <summary>What python3-libvirt (libvirt 9.0) does with <paramref name="uri"/> when its auth callback answers every prompt with <paramref name="answer"/>.</summary>
        private sealed class Oracle
        {
            public List<string> Lines { get; } = new List<string>();
            public bool TimedOut;
            public string? Ok => Lines.FirstOrDefault(l => l.StartsWith("OK ", StringComparison.Ordinal))?.Substring(3);
            public string? Error => Lines.FirstOrDefault(l => l.StartsWith("ERR ", StringComparison.Ordinal))?.Substring(4);
            public List<string> Prompts => Lines.Where(l => l.StartsWith("CB ", StringComparison.Ordinal)).Select(l => l.Substring(3)).ToList();
        }

        // libvirt 9.0's libssh2 transport copies the server's prompt as a C string although libssh2 does not end it with
        // a NUL, so now and then bytes past its end come along; when they are not UTF-8, python-libvirt cannot make a
        // str of the prompt and the open fails with "failed to retrieve credentials" before our callback runs. That is
        // the oracle failing, not the answer: ask again (a few times; the bytes past the end differ per process).
        private Oracle AskLibvirt(string uri, string answer, int timeoutSeconds)
        {
            for (int attempt = 1; ; attempt++)
            {
                var (oracle, stderr) = AskLibvirtOnce(uri, answer, timeoutSeconds);
                if (attempt == 5 || !stderr.Contains("UnicodeDecodeError")) return oracle;
                _out.WriteLine("libvirt: python-libvirt could not decode libssh2's prompt (libvirt 9.0 reads past its end); asking again");
            }
        }

        private (Oracle, string) AskLibvirtOnce(string uri, string answer, int timeoutSeconds)
        {
            // the answer goes through the environment, never through argv (ps) or the test output
            string script = @"
import libvirt, os, sys
uri = os.environ['KBD_URI']; answer = os.environ['KBD_ANSWER']
def cb(creds, data):
    for c in creds:
        print('CB %d %s' % (c[0], c[1]), flush=True)
        c[4] = answer
    return 0
try:
    conn = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE, libvirt.VIR_CRED_ECHOPROMPT, libvirt.VIR_CRED_NOECHOPROMPT], cb, None], 0)
    print('OK ' + ','.join(sorted(d.name() for d in conn.listAllDomains())), flush=True)
    conn.close()
except libvirt.libvirtError as e:
    print('ERR %d %d %s' % (e.get_error_code(), e.get_error_domain(), e.get_error_message()), flush=True)
";
            var psi = new ProcessStartInfo("/usr/bin/timeout") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var a in new[] { "-s", "KILL", timeoutSeconds.ToString(), "/usr/bin/python3", "-u", "-c", script }) psi.ArgumentList.Add(a);
            psi.Environment["LC_ALL"] = "C";
            psi.Environment["KBD_URI"] = uri;
            psi.Environment["KBD_ANSWER"] = answer;
            psi.Environment["HOME"] = _sshd.Dir;
            psi.Environment["XDG_CONFIG_HOME"] = _sshd.Dir;
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var o = p.StandardOutput.ReadToEndAsync();
            var err = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            var r = new Oracle();
            r.Lines.AddRange(o.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            r.TimedOut = p.ExitCode == 137 || p.ExitCode == 124;
            foreach (var l in r.Lines) _out.WriteLine("libvirt: " + l);
            if (r.TimedOut) _out.WriteLine("libvirt: no answer within " + timeoutSeconds + " s (killed)");
            if (err.Result.Trim().Length > 0) _out.WriteLine("libvirt stderr: " + err.Result.Trim());
            return (r, err.Result);
        }

        private void AssertNoSecretInTrace(LibvirtConnection c, string secret)
        {
            foreach (var l in c.Trace.Drain())
            {
                _out.WriteLine("  " + l);
                Assert.DoesNotContain(secret, l);
            }
        }

        [SkippableTheory(Timeout = 120000)]
        [InlineData("libssh2")]
        [InlineData("libssh")]
        public async Task RightPassword_FromCredential_DomainsMatchLibvirtAndVirsh(string transport)
        {
            SkipIfUnavailable();
            string password = _sshd.PasswordUserPassword!;
            string uri = Uri(transport);
            using var c = await Open(uri, new RemoteOpenOptions { Credential = new NetworkCredential("", password) });
            Assert.True(c.IsAlive);
            Assert.Equal(transport == "libssh" ? LibvirtTransport.Libssh : LibvirtTransport.Libssh2, c.Transport);
            var ours = await Names(c);
            AssertNoSecretInTrace(c, password);
            Assert.Contains("test", ours);

            // sshd says which method let the user in
            Assert.Contains("Accepted keyboard-interactive/pam for " + _sshd.PasswordUser, File.ReadAllText(_sshd.LogPath));

            // virsh (root, unix socket) sees the same daemon
            var v = _fx.RunVirsh("list", "--all", "--name");
            AssertVirshOk(v, "virsh list over unix");
            Assert.Equal(v.Lines.OrderBy(n => n, StringComparer.Ordinal).ToList(), ours);

            // libvirt itself over the very same URI, answering its keyboard-interactive prompt
            SkipIfNoPythonOracle();
            var lv = AskLibvirt(uri, password, 60);
            Assert.Equal(string.Join(",", ours), lv.Ok);
            await c.CloseAsync(CancellationToken.None);
        }

        [SkippableTheory(Timeout = 120000)]
        [InlineData("libssh2")]
        [InlineData("libssh")]
        public async Task RightPassword_FromPrompt_AskedWhatLibvirtAsks(string transport)
        {
            SkipIfUnavailable();
            SkipIfNoPythonOracle();
            string password = _sshd.PasswordUserPassword!;
            string uri = Uri(transport);
            var ui = new ScriptedInteraction { Secret = password };
            using var c = await Open(uri, new RemoteOpenOptions { Interaction = ui });
            Assert.Contains("test", await Names(c));
            AssertNoSecretInTrace(c, password);

            // libvirt asks the server's prompt ("Password: ") once, cut at its last colon: "<type> Password". libvirt 9.0's libssh2
            // transport copies the prompt as a C string although libssh2 does not terminate it: now and then bytes follow
            // ("Password: \x04X"), so only its start is compared there
            var lv = AskLibvirt(uri, password, 60);
            Assert.NotNull(lv.Ok);
            var libvirtPrompts = lv.Prompts.Select(p => p.Substring(p.IndexOf(' ') + 1)).ToList();
            Assert.Equal(libvirtPrompts.Count, ui.Asked.Count);
            Assert.Equal(new[] { "Password" }, ui.Asked);
            for (int i = 0; i < ui.Asked.Count; i++)
            {
                if (transport == "libssh") Assert.Equal(libvirtPrompts[i], ui.Asked[i]);
                else Assert.StartsWith(ui.Asked[i], libvirtPrompts[i]);
            }
        }

        [SkippableFact(Timeout = 120000)]
        public async Task WrongPassword_Libssh2_AuthFailedLikeLibvirt()
        {
            SkipIfUnavailable();
            SkipIfNoPythonOracle();
            string uri = Uri("libssh2");
            string wrong = "wrong-" + Guid.NewGuid().ToString("N");
            var e = await ExpectError(uri, new RemoteOpenOptions { Credential = new NetworkCredential("", wrong) });
            Assert.DoesNotContain(wrong, e.ToString());
            var lv = AskLibvirt(uri, "wrong-" + Guid.NewGuid().ToString("N"), 90);
            // libvirt 9.0 (libssh2): "45 50 authentication failed: keyboard interactive authentication failed: ..." — VIR_ERR_AUTH_FAILED, VIR_FROM_SSH
            Assert.NotNull(lv.Error);
            var parts = lv.Error!.Split(' ', 3);
            Assert.Equal((int)LibvirtErrorCode.AuthFailed, int.Parse(parts[0]));
            Assert.Equal((int)LibvirtErrorDomain.Ssh, int.Parse(parts[1]));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Equal(LibvirtErrorDomain.Ssh, e.Domain);
            const string prefix = "authentication failed: keyboard interactive authentication failed: ";
            Assert.StartsWith(prefix, parts[2]);
            Assert.StartsWith(prefix, e.Message);
            Assert.Contains("Failed keyboard-interactive/pam for " + _sshd.PasswordUser, File.ReadAllText(_sshd.LogPath));
        }

        [SkippableFact(Timeout = 120000)]
        public async Task WrongPassword_Libssh_AuthFailed()
        {
            SkipIfUnavailable();
            string uri = Uri("libssh");
            var sw = Stopwatch.StartNew();
            string wrong = "wrong-" + Guid.NewGuid().ToString("N");
            var e = await ExpectError(uri, new RemoteOpenOptions { Credential = new NetworkCredential("", wrong) });
            Assert.DoesNotContain(wrong, e.ToString());
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Equal(LibvirtErrorDomain.Libssh, e.Domain);
            // libvirt's libssh transport reports denied methods with this summary (its keyboard-interactive gives no answer of its own here)
            Assert.StartsWith("authentication failed: All provided authentication methods with credentials were rejected by the server", e.Message);
            Assert.Contains("keyboard-interactive", e.Message);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(45), "took " + sw.Elapsed);
            // libvirt 9.0's libssh transport gives no answer here: once sshd hangs up after MaxAuthTries it waits forever
            // (seen: no result within 580 s; virsh with empty answers the same). Shown in the output, not asserted: a fixed libvirt may answer one day.
            if (_fx.PythonUnavailableReason == null) AskLibvirt(uri, "wrong-" + Guid.NewGuid().ToString("N"), 20);
        }

        /// <summary>Answers secret prompts from a script and records them.</summary>
        private sealed class ScriptedInteraction : IConnectionInteraction
        {
            public bool IsInteractive => true;
            public string? Secret { get; set; }
            public List<string> Asked { get; } = new List<string>();

            public System.Security.SecureString? AskSecret(string prompt)
            {
                lock (Asked) Asked.Add(prompt);
                return Secret == null ? null : new NetworkCredential("", Secret).SecurePassword;
            }

            public bool Confirm(string caption, string question) => false;
        }
    }
}
