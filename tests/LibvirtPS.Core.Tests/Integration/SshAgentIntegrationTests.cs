// sshauth=agent over +libssh / +libssh2 (SSH.NET): a real OpenSSH ssh-agent (`ssh-agent -D -a <tmp>/agent.sock`,
// a child of the test process, killed by its pid) holds the fixture's user key; the private sshd and libvirtd of
// the fixtures are reached on loopback as in LibsshIntegrationTests; virsh (libvirt's libssh2 transport) runs over
// the same URI with SSH_AUTH_SOCK set for comparison. Needs root, sshd, nc, libvirtd, virsh, ssh-agent, ssh-add.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
    public sealed class SshAgentIntegrationTests : IClassFixture<SshdFixture>, IClassFixture<LibvirtdFixture>, IDisposable
    {
        private static readonly string? AgentPath = Find("ssh-agent");
        private static readonly string? AddPath = Find("ssh-add");
        private static readonly string? VirshPath = Find("virsh");

        private readonly SshdFixture _sshd;
        private readonly LibvirtdFixture _fx;
        private readonly ITestOutputHelper _out;
        private readonly string _tmp;
        private Process? _agent;

        public SshAgentIntegrationTests(SshdFixture sshd, LibvirtdFixture fx, ITestOutputHelper output)
        {
            _sshd = sshd;
            _fx = fx;
            _out = output;
            _tmp = Path.Combine("/tmp", "libvirtps-sshagent-" + Guid.NewGuid().ToString("N").Substring(0, 16));
            Directory.CreateDirectory(_tmp);
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
            if (_sshd.UnavailableReason == null && !_sshd.IsRunning) _sshd.Start();
        }

        private string AgentSocket => Path.Combine(_tmp, "agent.sock");

        public void Dispose()
        {
            StopAgent();
            try { Directory.Delete(_tmp, true); } catch (IOException) { }
        }

        private void SkipIfUnavailable()
        {
            Skip.If(_sshd.UnavailableReason != null, _sshd.UnavailableReason);
            Skip.If(_fx.UnavailableReason != null, _fx.UnavailableReason);
            Skip.If(AgentPath == null || AddPath == null, "ssh-agent/ssh-add are not installed (openssh-client).");
        }

        // ---------------- the agent

        /// <summary>Starts ssh-agent in the foreground on <see cref="AgentSocket"/> and adds <paramref name="keys"/>.</summary>
        private void StartAgent(params string[] keys)
        {
            var psi = new ProcessStartInfo(AgentPath!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-D");
            psi.ArgumentList.Add("-a");
            psi.ArgumentList.Add(AgentSocket);
            _agent = Process.Start(psi)!;
            _agent.OutputDataReceived += (_, e) => { };
            _agent.ErrorDataReceived += (_, e) => { };
            _agent.BeginOutputReadLine();
            _agent.BeginErrorReadLine();
            var sw = Stopwatch.StartNew();
            while (!File.Exists(AgentSocket))
            {
                Assert.False(_agent.HasExited, "ssh-agent exited with " + (_agent.HasExited ? _agent.ExitCode : 0));
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), "ssh-agent did not create " + AgentSocket);
                Thread.Sleep(20);
            }
            foreach (var k in keys)
            {
                var r = Run(AddPath!, new[] { "-q", k });
                Assert.True(r.ExitCode == 0, "ssh-add " + k + " failed: " + r);
            }
            _out.WriteLine("ssh-agent pid " + _agent.Id + " on " + AgentSocket + "; ssh-add -l: " + Run(AddPath!, new[] { "-l" }).Stdout.Trim());
        }

        private void StopAgent()
        {
            var p = _agent;
            _agent = null;
            if (p == null) return;
            try
            {
                if (!p.HasExited) p.Kill();
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
            p.Dispose();
        }

        /// <summary>A program with SSH_AUTH_SOCK = <see cref="AgentSocket"/>, a private HOME, LC_ALL=C; 30 s.</summary>
        private ProcessResult Run(string file, IEnumerable<string> args)
        {
            string home = Path.Combine(_tmp, "home");
            Directory.CreateDirectory(home);
            var psi = new ProcessStartInfo(file)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment.Clear();
            psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
            psi.Environment["LC_ALL"] = "C";
            psi.Environment["HOME"] = home;
            psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
            psi.Environment["XDG_CACHE_HOME"] = Path.Combine(home, ".cache");
            psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(home, "run");
            psi.Environment["SSH_AUTH_SOCK"] = AgentSocket;
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            bool exited = p.WaitForExit(30000);
            if (!exited) { try { p.Kill(true); } catch (InvalidOperationException) { } }
            p.WaitForExit(5000);
            return new ProcessResult(exited ? p.ExitCode : -1, o.Result, e.Result, !exited, sw.Elapsed);
        }

        // ---------------- connections

        private string CopyKnownHosts()
        {
            string p = Path.Combine(_tmp, "known_hosts." + Guid.NewGuid().ToString("N"));
            File.WriteAllText(p, "[127.0.0.1]:" + _sshd.Port + " " + _sshd.HostPublicKeyLine + "\n");
            return p;
        }

        private string Uri(string transport, string sshauth, string? keyFile = null) =>
            "test+" + transport + "://root@127.0.0.1:" + _sshd.Port + "/default?socket=" + _fx.SocketPath +
            "&known_hosts=" + CopyKnownHosts() + "&sshauth=" + sshauth + (keyFile != null ? "&keyfile=" + keyFile : "");

        private static Task<LibvirtConnection> Open(string uri)
        {
            var plan = ConnectionPlanner.Plan(uri, new ConnectionOptions());
            return LibvirtConnection.OpenAsync(plan, new RemoteOpenOptions { Timeout = TimeSpan.FromSeconds(20) }, new WireTrace { Enabled = true },
                new CancellationTokenSource(30000).Token);
        }

        private static async Task<IReadOnlyList<string>> Names(LibvirtConnection c) =>
            (await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken.None)).Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

        private async Task<LibvirtException> ExpectError(string uri)
        {
            var (e, elapsed) = await ExpectLibvirtErrorAsync(async () => { using var c = await Open(uri); }, TimeSpan.FromSeconds(30), "open " + uri);
            _out.WriteLine(e.Code + " / " + e.Domain + ": " + e.Message + " (" + elapsed.TotalMilliseconds.ToString("0") + " ms)");
            return e;
        }

        // ---------------- tests

        [SkippableTheory(Timeout = 90000)]
        [InlineData("libssh2", "ed25519")]
        [InlineData("libssh", "ed25519")]
        [InlineData("libssh2", "rsa")]
        [InlineData("libssh", "rsa")]
        public async Task AgentKey_DomainsMatchVirshOverTheSameUri(string transport, string key)
        {
            SkipIfUnavailable();
            Skip.If(VirshPath == null, "virsh is not installed.");
            string keyFile = key == "ed25519" ? _sshd.UserKeyPath : _sshd.UserRsaKeyPemPath;
            StartAgent(keyFile);
            SshAgentAuthentication.LocationOverride.Value = AgentSocket;
            string uri = Uri(transport, "agent");

            var sw = Stopwatch.StartNew();
            using var c = await Open(uri);
            _out.WriteLine("open over " + transport + " with the agent's " + key + " key: " + sw.ElapsedMilliseconds + " ms");
            var trace = c.Trace.Drain().ToList();
            foreach (var l in trace) _out.WriteLine("  " + l);
            Assert.True(c.IsAlive);
            Assert.Contains(trace, l => l.Contains("agent: identity " + (key == "ed25519" ? "ssh-ed25519" : "ssh-rsa") + " SHA256:", StringComparison.Ordinal));
            Assert.Contains(trace, l => l.Contains("authenticated as root with agent", StringComparison.Ordinal));
            var ours = await Names(c);
            Assert.Contains("test", ours);

            // libvirt's own libssh2 transport over the very same URI, with the same agent
            var r = Run(VirshPath!, new[] { "-c", uri.Replace("test+" + transport + "://", "test+libssh2://", StringComparison.Ordinal), "list", "--all", "--name" });
            _out.WriteLine("virsh: " + r);
            AssertVirshOk(r, "virsh list over libssh2 with the agent");
            Assert.Equal(r.Lines.OrderBy(n => n, StringComparer.Ordinal).ToList(), ours);
            await c.CloseAsync(CancellationToken.None);

            // an RSA key signs as rsa-sha2-512 (sign flag 4), not with SHA-1 ssh-rsa
            string expected = key == "ed25519" ? "agent: ssh-ed25519 signature made by the agent" : "agent: rsa-sha2-512 signature made by the agent";
            Assert.Contains(trace, l => l.Contains(expected, StringComparison.Ordinal));
        }

        [SkippableFact(Timeout = 60000)]
        public async Task NoAgentSocket_MethodSkipped_NextMethodUsed()
        {
            SkipIfUnavailable();
            SshAgentAuthentication.LocationOverride.Value = Path.Combine(_tmp, "no-agent.sock");

            var e = await ExpectError(Uri("libssh2", "agent"));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Contains("agent (skipped: cannot connect to the ssh-agent at '" + Path.Combine(_tmp, "no-agent.sock") + "'", e.Message);

            using var c = await Open(Uri("libssh", "agent,privkey", _sshd.UserKeyPath));
            var trace = c.Trace.Drain().ToList();
            foreach (var l in trace) _out.WriteLine("  " + l);
            Assert.Contains(trace, l => l.Contains("agent: skipped: cannot connect", StringComparison.Ordinal));
            Assert.Contains("test", await Names(c));
        }

        [SkippableFact(Timeout = 60000)]
        public async Task AgentWithUnauthorizedKeyOnly_AuthFailed_ThenPrivkeyStillWorks()
        {
            SkipIfUnavailable();
            string stranger = Path.Combine(_tmp, "stranger");
            var gen = Run("/usr/bin/ssh-keygen", new[] { "-q", "-t", "ed25519", "-N", "", "-C", "stranger", "-f", stranger });
            Assert.True(gen.ExitCode == 0, gen.ToString());
            StartAgent(stranger);
            SshAgentAuthentication.LocationOverride.Value = AgentSocket;

            var e = await ExpectError(Uri("libssh2", "agent"));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Contains("tried: agent", e.Message);

            using var c = await Open(Uri("libssh2", "agent,privkey", _sshd.UserKeyPath));
            Assert.Contains("test", await Names(c));
        }

        [SkippableFact(Timeout = 60000)]
        public async Task EmptyAgent_MethodSkipped()
        {
            SkipIfUnavailable();
            StartAgent();
            SshAgentAuthentication.LocationOverride.Value = AgentSocket;
            var e = await ExpectError(Uri("libssh", "agent"));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Contains("agent (no identities in '" + AgentSocket + "')", e.Message);
        }

        private static string? Find(string name)
        {
            foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(new[] { "/usr/bin", "/usr/sbin" }))
            {
                string p = Path.Combine(d, name);
                if (File.Exists(p)) return p;
            }
            return null;
        }
    }
}
