// +ssh through the OpenSSH client against a private sshd (SshdFixture) and a private libvirtd (LibvirtdFixture),
// compared with virsh over the same URI. Needs root, sshd, ssh, libvirtd, virsh, nc; otherwise skipped with the reason.
//
// The private daemon's socket is not the system path, so the URIs give socket=<fixture socket> (proxy netcat: the
// remote side runs `nc -U <socket>`). proxy=native (virt-ssh-helper) only reaches the system socket in 9.0, so it
// cannot reach a private daemon and is not tested here.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using LibvirtPS.Core.Transports;
using LibvirtPS.Core.Uris;
using Xunit;
using Xunit.Abstractions;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

#pragma warning disable CA1416 // Linux only; skipped elsewhere

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class SshProcessTransportTests : IClassFixture<SshdFixture>, IClassFixture<LibvirtdFixture>
    {
        private readonly SshdFixture _sshd;
        private readonly LibvirtdFixture _lvd;
        private readonly ITestOutputHelper _out;

        public SshProcessTransportTests(SshdFixture sshd, LibvirtdFixture lvd, ITestOutputHelper output)
        {
            _sshd = sshd;
            _lvd = lvd;
            _out = output;
            if (_lvd.UnavailableReason == null) _lvd.EnsureRunning();
            if (_sshd.UnavailableReason == null) _sshd.Start();
        }

        private void SkipIfUnavailable()
        {
            Skip.If(_sshd.UnavailableReason != null, _sshd.UnavailableReason);
            Skip.If(_lvd.UnavailableReason != null, _lvd.UnavailableReason);
            Skip.If(!File.Exists("/usr/bin/nc") && !File.Exists("/bin/nc"), "nc (netcat-openbsd) is missing: the remote side of socket= needs it");
        }

        private string Uri(string wrapper, string? socket = null, string extra = "") =>
            "test+ssh://127.0.0.1:" + _sshd.Port + "/default?command=" + wrapper + "&socket=" + (socket ?? _lvd.SocketPath) + extra;

        private static CancellationTokenSource Budget(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds));

        private static void AssertVirshOk(ProcessResult r, string what) => Assert.True(r.ExitCode == 0, what + " failed: " + r);

        /// <summary>A wrapper that records its argv (NUL separated), its environment and its pid, then execs the real ssh wrapper.</summary>
        private (string Path, string ArgvFile, string EnvFile, string PidFile) RecordingWrapper(string name)
        {
            string argv = Path.Combine(_sshd.Dir, name + ".argv"), env = Path.Combine(_sshd.Dir, name + ".env"), pid = Path.Combine(_sshd.Dir, name + ".pid");
            string path = _sshd.WriteScript(name,
                "printf '%s\\0' \"$0\" \"$@\" > " + argv + "\n" +
                "env -0 > " + env + "\n" +
                "echo $$ > " + pid + "\n" +
                "exec " + _sshd.SshPath + " -F " + _sshd.SshConfigPath + " \"$@\"");
            return (path, argv, env, pid);
        }

        // ------------------------------------------------------------------------------------------------
        // Working connections

        [SkippableTheory(Timeout = 60000)]
        [InlineData(false)]
        [InlineData(true)]
        public async Task DomainList_MatchesVirsh(bool readOnly)
        {
            SkipIfUnavailable();
            using var cts = Budget(50);
            string uri = Uri(_sshd.SshWrapperPath, readOnly ? _lvd.ReadOnlySocketPath : _lvd.SocketPath);
            var sw = Stopwatch.StartNew();
            using var conn = await OpenAsync(uri, cts.Token, readOnly).Within(TimeSpan.FromSeconds(30), "open over ssh");
            _out.WriteLine("open over +ssh: " + sw.Elapsed.TotalMilliseconds.ToString("0") + " ms");
            Assert.Equal(LibvirtTransport.Ssh, conn.Transport);
            Assert.Equal(readOnly, conn.ReadOnly);
            var list = await conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, cts.Token).Within(TimeSpan.FromSeconds(20), "list");

            var args = new List<string>();
            if (readOnly) args.Add("-r");
            args.AddRange(new[] { "list", "--all", "--name" });
            var names = _lvd.RunVirshOn(uri, args.ToArray());
            AssertVirshOk(names, "virsh list over ssh");
            Assert.Equal(names.Lines.OrderBy(n => n, StringComparer.Ordinal), list.Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.NotEmpty(list);
            var virshUri = _lvd.RunVirshOn(uri, "uri");
            AssertVirshOk(virshUri, "virsh uri");
            Assert.Equal(virshUri.Stdout.Trim(), conn.Uri);
            await conn.CloseAsync(cts.Token).Within(TimeSpan.FromSeconds(10), "close");
        }

        [SkippableFact(Timeout = 60000)]
        public async Task ExecutedArgv_EqualsPlan_And_EnvironmentIsLibvirts()
        {
            SkipIfUnavailable();
            using var cts = Budget(50);
            var rec = RecordingWrapper("rec-ssh");
            string uri = Uri(rec.Path, extra: "&no_tty=1");
            var plan = ConnectionPlanner.Plan(uri, new ConnectionOptions());
            using (var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open"))
            {
                await conn.CloseAsync(cts.Token);
            }
            var ours = File.ReadAllText(rec.ArgvFile).TrimEnd('\0').Split('\0');
            Assert.Equal(plan.Command!, ours);

            var env = File.ReadAllText(rec.EnvFile).Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
            Assert.Equal("C", env["LC_ALL"]);
            var allowed = new HashSet<string>(ChildEnvironment.PassThrough) { "LC_ALL", "PWD", "OLDPWD", "SHLVL", "_" };
            Assert.DoesNotContain(env.Keys, k => !allowed.Contains(k));
            if (Environment.GetEnvironmentVariable("PATH") is string path) Assert.Equal(path, env["PATH"]);

            // virsh executes the same argv
            var virsh = _lvd.RunVirshOn(uri, "uri");
            AssertVirshOk(virsh, "virsh over the recording wrapper");
            var theirs = File.ReadAllText(rec.ArgvFile).TrimEnd('\0').Split('\0');
            Assert.Equal(theirs, ours);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task Close_KillsAndReapsChild_NoLeakedHandles()
        {
            SkipIfUnavailable();
            Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "reads /proc");
            using var cts = Budget(55);
            var rec = RecordingWrapper("reap-ssh");
            string uri = Uri(rec.Path);
            for (int i = 0; i < 4; i++)
            {
                var conn = await OpenAsync(uri, cts.Token).Within(TimeSpan.FromSeconds(20), "open");
                int pid = int.Parse(File.ReadAllText(rec.PidFile).Trim());
                // the pipes between us and this child (its stdin, stdout, stderr)
                // (ssh moves its stdout to another fd and puts /dev/null on fd 1, so: every pipe it holds that we hold too)
                var all = Directory.GetFiles("/proc/" + pid + "/fd").Select(LinkOf).ToList();
                var pipes = all.Where(l => l.StartsWith("pipe:", StringComparison.Ordinal)).Intersect(OurFdLinks()).ToList();
                Assert.True(pipes.Count == 3, "pipes shared with ssh " + pid + ": " + string.Join(", ", pipes) + " (its fds: " + string.Join(", ", all) + ")");
                if (i % 2 == 0) await conn.CloseAsync(cts.Token);
                conn.Dispose(); // odd rounds: Dispose without CONNECT_CLOSE

                string stat = File.Exists("/proc/" + pid + "/stat") ? SafeRead("/proc/" + pid + "/stat") : "";
                // reaped (gone), never a zombie; a reused pid would not be our ssh
                Assert.False(stat.Contains("(ssh)", StringComparison.Ordinal), "ssh child " + pid + " still there after close: " + stat);
                var leaked = OurFdLinks().Intersect(pipes).ToList();
                Assert.True(leaked.Count == 0, "our ends of the child's pipes are still open: " + string.Join(", ", leaked));
            }
        }

        private static string LinkOf(string path)
        {
            try { return new FileInfo(path).LinkTarget ?? ""; }
            catch (IOException) { return ""; }
            catch (UnauthorizedAccessException) { return ""; }
        }

        private static string SafeRead(string path)
        {
            try { return File.ReadAllText(path); }
            catch (IOException) { return ""; }
        }

        private static HashSet<string> OurFdLinks() =>
            new HashSet<string>(Directory.GetFiles("/proc/self/fd").Select(LinkOf).Where(l => l.Length > 0));

        // ------------------------------------------------------------------------------------------------
        // Negative cases: the same decision as virsh, the cause in the message

        private async Task<(LibvirtException Ours, ProcessResult Virsh)> BothFail(string uri, string cause)
        {
            using var cts = Budget(40);
            var (e, elapsed) = await ExpectLibvirtErrorAsync(() => OpenAsync(uri, cts.Token), TimeSpan.FromSeconds(30), "open " + uri);
            var virsh = _lvd.RunVirshOn(uri, "uri");
            _out.WriteLine("ours  (" + elapsed.TotalMilliseconds.ToString("0") + " ms): " + e.Message);
            _out.WriteLine("virsh (" + virsh.Elapsed.TotalMilliseconds.ToString("0") + " ms): " + string.Join(" | ", virsh.ErrorLines));
            Assert.True(virsh.ExitCode != 0, "virsh succeeded where we failed: " + virsh);
            Assert.Contains(cause, e.Message);
            Assert.Contains(cause, virsh.Stderr); // virsh's message spans lines (ssh's stderr is multi-line)
            Assert.False(e.FromServer);
            return (e, virsh);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task UnknownHostKey_Refused()
        {
            SkipIfUnavailable();
            string w = _sshd.WriteWrapperWith("ssh-unknown-key", "UserKnownHostsFile " + _sshd.EmptyKnownHostsPath);
            var (e, _) = await BothFail(Uri(w), "Host key verification failed.");
            Assert.Equal(LibvirtErrorCode.SystemError, e.Code);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task ChangedHostKey_Refused()
        {
            SkipIfUnavailable();
            string stale = Path.Combine(_sshd.Dir, "known_hosts.stale");
            File.Copy(_sshd.KnownHostsPath, stale, overwrite: true);
            _sshd.RotateHostKey();
            // the fixture's known_hosts follows the new key so the other tests keep working
            File.WriteAllText(_sshd.KnownHostsPath, "[127.0.0.1]:" + _sshd.Port + " " + _sshd.HostPublicKeyLine + "\n");
            string w = _sshd.WriteWrapperWith("ssh-changed-key", "UserKnownHostsFile " + stale);
            var (e, _) = await BothFail(Uri(w), "Host key verification failed.");
            Assert.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", e.Message + " " + _sshd.RunSsh("-o", "UserKnownHostsFile=" + stale, "-o", "LogLevel=INFO", "127.0.0.1", "true").Stderr);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task MissingKeyFile_Refused()
        {
            SkipIfUnavailable();
            // a config without IdentityFile: only keyfile= (missing) and the default identities (not authorized) remain
            string conf = Path.Combine(_sshd.Dir, "ssh_config.nokey");
            File.WriteAllLines(conf, File.ReadAllLines(_sshd.SshConfigPath).Where(l => !l.TrimStart().StartsWith("IdentityFile", StringComparison.Ordinal))
                .Select(l => l.Trim() == "LogLevel ERROR" ? "  LogLevel INFO" : l));
            string w = _sshd.WriteScript("ssh-nokey", "exec " + _sshd.SshPath + " -F " + conf + " \"$@\"");
            var (e, _) = await BothFail(Uri(w, extra: "&keyfile=/nonexistent"), "Permission denied");
            Assert.Contains("/nonexistent", e.Message);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task NoNetcatOnRemote_Refused()
        {
            SkipIfUnavailable();
            var (e, _) = await BothFail(Uri(_sshd.SshWrapperPath, extra: "&netcat=/nonexistent/nc"), "/nonexistent/nc: not found");
        }

        [SkippableFact(Timeout = 60000)]
        public async Task SshdDown_ConnectionRefused()
        {
            SkipIfUnavailable();
            _sshd.Stop();
            try
            {
                await BothFail(Uri(_sshd.SshWrapperPath), "Connection refused");
            }
            finally
            {
                _sshd.Start();
            }
        }

        [SkippableFact(Timeout = 60000)]
        public async Task ChildKilledMidCall_PendingCallFailsAtOnce()
        {
            SkipIfUnavailable();
            using var cts = Budget(50);
            var rec = RecordingWrapper("kill-ssh");
            using var conn = await OpenAsync(Uri(rec.Path), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            int pid = int.Parse(File.ReadAllText(rec.PidFile).Trim());
            _lvd.Freeze();
            try
            {
                var pending = conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, cts.Token);
                await Task.Delay(200);
                Assert.False(pending.IsCompleted);
                var sw = Stopwatch.StartNew();
                Assert.Equal(0, Posix.Kill(pid, 9));
                var (e, elapsed) = await ExpectLibvirtErrorAsync(() => pending, TimeSpan.FromSeconds(5), "pending call after ssh was killed");
                _out.WriteLine("pending call failed after " + sw.Elapsed.TotalMilliseconds.ToString("0") + " ms: " + e.Message);
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), "took " + sw.Elapsed);
                Assert.False(conn.IsAlive);
            }
            finally
            {
                _lvd.Thaw();
            }
        }

        [SkippableFact]
        public void IsSecure_SshTrue_ExtFalse()
        {
            Assert.True(new ProcessTransport(LibvirtTransport.Ssh).IsSecure);
            Assert.False(new ProcessTransport(LibvirtTransport.Ext).IsSecure);
        }

    }
}
