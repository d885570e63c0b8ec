// A private OpenSSH sshd on 127.0.0.1:<free port> for the SSH transport tests (facts §12.4).
//
//   * Own temp dir /tmp/libvirtps-sshd-<pid>-<rand>: host key (ed25519), user keys (ed25519 OpenSSH format,
//     RSA in PEM/PKCS#1, encrypted ed25519), authorized_keys with all three, a known_hosts file for
//     [127.0.0.1]:<port>, an ssh_config and a `command=` wrapper that runs `ssh -F <ssh_config> "$@"`.
//   * sshd runs in the foreground (-D) as a child of the test process: its pid is ours and it is stopped by that
//     pid only (SIGTERM, SIGKILL after 5 s). Never looked up or killed by name.
//   * Needs root (sshd must run as root to log users in), Linux, /usr/sbin/sshd and ssh-keygen. /run/sshd (the
//     privilege separation dir) is created when missing.
//   * Password authentication: with UsePAM no, sshd checks passwords against /etc/shadow itself. When useradd and
//     chpasswd exist, the fixture creates a throw-away local user (PasswordUser, removed on Dispose). Keyboard-
//     interactive needs PAM (or BSD auth), so it is NOT offered by this sshd even though the option is on.
//   * PamSshdFixture (below) is a second, separate instance with UsePAM yes and PasswordAuthentication no: passwords
//     reach it only as keyboard-interactive, answered through PAM (/etc/pam.d/sshd → pam_unix → /etc/shadow).
//
// Usable as IClassFixture<SshdFixture> (or IClassFixture<PamSshdFixture>).

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

#pragma warning disable CA1416 // Linux only; UnavailableReason says so

namespace LibvirtPS.Core.Tests.Fixtures
{
    public class SshdFixture : IDisposable
    {
        /// <summary>Passphrase of <see cref="EncryptedUserKeyPath"/>.</summary>
        public const string EncryptedUserKeyPassphrase = "libvirtps-secret";

        private const string DirPrefix = "libvirtps-sshd-";
        private const string PasswordUserPrefix = "lvpspw";
        private static readonly string[] SshdCandidates = { "/usr/sbin/sshd", "/usr/local/sbin/sshd" };
        private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

        private readonly object _lock = new object();
        private readonly string? _sshdPath;
        private readonly string? _keygenPath;
        private Process? _sshd;
        private StreamWriter? _stdio;
        private bool _disposed;
        private int _hostKeyGeneration;

        public SshdFixture() : this(usePam: false) { }

        /// <param name="usePam">UsePAM yes, PasswordAuthentication no: keyboard-interactive through PAM (see <see cref="PamSshdFixture"/>).</param>
        protected SshdFixture(bool usePam)
        {
            UsesPam = usePam;
            UnavailableReason = CheckAvailable(out _sshdPath, out _keygenPath, out string? sshPath);
            if (UnavailableReason == null && usePam) UnavailableReason = CheckPam();
            if (UnavailableReason != null) return;
            SshPath = sshPath!;

            CleanUpStaleRuns();
            Dir = CreateTempDir();
            TestRunDirectory.RecordOwner(Dir);
            try
            {
                if (!Directory.Exists("/run/sshd"))
                    Directory.CreateDirectory("/run/sshd", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

                HostKeyPath = Path.Combine(Dir, "ssh_host_ed25519_key");
                GenerateKey(HostKeyPath, "ed25519", "", "libvirtps-test-host", pem: false);
                UserKeyPath = Path.Combine(Dir, "id_ed25519");
                GenerateKey(UserKeyPath, "ed25519", "", "root@libvirtps-test", pem: false);
                UserRsaKeyPemPath = Path.Combine(Dir, "id_rsa_pem");
                GenerateKey(UserRsaKeyPemPath, "rsa", "", "root-rsa@libvirtps-test", pem: true);
                EncryptedUserKeyPath = Path.Combine(Dir, "id_ed25519_encrypted");
                GenerateKey(EncryptedUserKeyPath, "ed25519", EncryptedUserKeyPassphrase, "root-enc@libvirtps-test", pem: false);

                File.WriteAllText(AuthorizedKeysPath,
                    File.ReadAllText(UserKeyPath + ".pub").Trim() + "\n" +
                    File.ReadAllText(UserRsaKeyPemPath + ".pub").Trim() + "\n" +
                    File.ReadAllText(EncryptedUserKeyPath + ".pub").Trim() + "\n");

                TryCreatePasswordUser();
                if (usePam && PasswordUser == null)
                {
                    UnavailableReason = "the PAM sshd fixture could not create its password user (useradd/chpasswd failed)";
                    TryDeleteDir();
                    return;
                }

                Port = LoopbackPorts.Free();
                ReadHostKey();
                WriteKnownHosts();
                WriteSshConfig();
                WriteWrapper();
                StartSshd(choosePort: false);
            }
            catch (SshdStartException e) when (e.NoPam)
            {
                UnavailableReason = e.Message;
                StopSshd();
                DeletePasswordUser();
                TryDeleteDir();
            }
            catch
            {
                StopSshd();
                DeletePasswordUser();
                TryDeleteDir();
                throw;
            }
        }

        // ------------------------------------------------------------------------------------------------
        // What tests use

        /// <summary>Null when sshd runs; otherwise why it cannot (not Linux, not root, sshd/ssh/ssh-keygen missing, no PAM for a PAM instance) — tests Skip with it.</summary>
        public string? UnavailableReason { get; private set; }

        /// <summary>True for the PAM instance: UsePAM yes, PasswordAuthentication no, so a password is only taken as keyboard-interactive.</summary>
        public bool UsesPam { get; }

        /// <summary>The TCP port on 127.0.0.1 (kept across <see cref="Stop"/>/<see cref="Start"/>/<see cref="RotateHostKey"/> when still free).</summary>
        public int Port { get; private set; }

        /// <summary>The fixture's temp dir (keys, configs, logs); deleted on Dispose.</summary>
        public string Dir { get; } = "";

        /// <summary>The ssh client binary (/usr/bin/ssh).</summary>
        public string SshPath { get; } = "";

        /// <summary>The current host private key (ed25519; replaced by <see cref="RotateHostKey"/>).</summary>
        public string HostKeyPath { get; private set; } = "";

        /// <summary>The current host public key as <c>ssh-ed25519 AAAA…</c> (type and base64, no comment).</summary>
        public string HostPublicKeyLine { get; private set; } = "";

        /// <summary>The current host key's type (<c>ssh-ed25519</c>).</summary>
        public string HostKeyType { get; private set; } = "";

        /// <summary>An unencrypted ed25519 private key of root (OpenSSH format), authorized. Public key next to it (.pub).</summary>
        public string UserKeyPath { get; } = "";

        /// <summary>An unencrypted RSA 3072 key in PEM (PKCS#1, <c>-----BEGIN RSA PRIVATE KEY-----</c>) format, authorized.</summary>
        public string UserRsaKeyPemPath { get; } = "";

        /// <summary>An ed25519 key (OpenSSH format) encrypted with <see cref="EncryptedUserKeyPassphrase"/>, authorized.</summary>
        public string EncryptedUserKeyPath { get; } = "";

        /// <summary>The user the keys log in as.</summary>
        public string UserName => "root";

        /// <summary>
        /// A known_hosts file with the host key for <c>[127.0.0.1]:&lt;port&gt;</c> as written at start-up (and rewritten
        /// by <see cref="Start"/> after a port change, never by <see cref="RotateHostKey"/>: after a rotation it holds the old key).
        /// </summary>
        public string KnownHostsPath => Path.Combine(Dir, "known_hosts");

        /// <summary>An empty known_hosts file (for the unknown-host-key case).</summary>
        public string EmptyKnownHostsPath => Path.Combine(Dir, "known_hosts.empty");

        /// <summary>
        /// ssh_config: <c>Host 127.0.0.1</c> with Port, User root, IdentityFile <see cref="UserKeyPath"/>, UserKnownHostsFile
        /// <see cref="KnownHostsPath"/>, GlobalKnownHostsFile /dev/null, StrictHostKeyChecking yes, BatchMode yes, IdentitiesOnly yes.
        /// </summary>
        public string SshConfigPath => Path.Combine(Dir, "ssh_config");

        /// <summary>Executable <c>#!/bin/sh\nexec /usr/bin/ssh -F &lt;SshConfigPath&gt; "$@"</c>, for libvirt's <c>command=</c>.</summary>
        public string SshWrapperPath => Path.Combine(Dir, "ssh-wrapper");

        /// <summary>
        /// A local user with a password; null when it could not be created. Without PAM: PasswordAuthentication yes, checked against
        /// /etc/shadow by sshd. With PAM (<see cref="UsesPam"/>): only keyboard-interactive, checked by pam_unix.
        /// </summary>
        public string? PasswordUser { get; private set; }

        /// <summary>The password of <see cref="PasswordUser"/>; null with it.</summary>
        public string? PasswordUserPassword { get; private set; }

        /// <summary>sshd's pid (0 while stopped).</summary>
        public int Pid { get; private set; }

        /// <summary>True while the sshd we started runs.</summary>
        public bool IsRunning { get { lock (_lock) return _sshd != null && !_sshd.HasExited; } }

        /// <summary>sshd's log (-E, LogLevel VERBOSE).</summary>
        public string LogPath => Path.Combine(Dir, "sshd.log");

        public string SshdConfigPath => Path.Combine(Dir, "sshd_config");

        public string AuthorizedKeysPath => Path.Combine(Dir, "authorized_keys");

        /// <summary>Writes an executable script under <see cref="Dir"/> (<c>#!/bin/sh</c> + body) and returns its path.</summary>
        public string WriteScript(string name, string body)
        {
            string path = Path.Combine(Dir, name);
            File.WriteAllText(path, "#!/bin/sh\n" + body + (body.EndsWith("\n", StringComparison.Ordinal) ? "" : "\n"));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            return path;
        }

        /// <summary>
        /// Writes an ssh wrapper like <see cref="SshWrapperPath"/> but with its own ssh_config, changed by
        /// <paramref name="configLines"/> (ssh uses the first value it reads: these lines come first), e.g.
        /// <c>UserKnownHostsFile &lt;EmptyKnownHostsPath&gt;</c>.
        /// </summary>
        public string WriteWrapperWith(string name, params string[] configLines)
        {
            string conf = Path.Combine(Dir, name + ".ssh_config");
            File.WriteAllText(conf, SshConfigText(configLines));
            return WriteScript(name, "exec " + SshPath + " -F " + conf + " \"$@\"");
        }

        /// <summary>New host key (ed25519), sshd restarted on the same port. <see cref="KnownHostsPath"/> keeps the old key.</summary>
        public void RotateHostKey()
        {
            ThrowIfUnavailable();
            lock (_lock)
            {
                _hostKeyGeneration++;
                string path = Path.Combine(Dir, "ssh_host_ed25519_key." + _hostKeyGeneration);
                GenerateKey(path, "ed25519", "", "libvirtps-test-host-" + _hostKeyGeneration, pem: false);
                HostKeyPath = path;
                ReadHostKey();
            }
            StopSshd();
            StartSshd(choosePort: false);
        }

        /// <summary>Stops sshd (connections already open keep their per-session sshd until they close).</summary>
        public void Stop()
        {
            ThrowIfUnavailable();
            StopSshd();
        }

        /// <summary>Starts sshd again (same port when still free; otherwise a new port and rewritten known_hosts/ssh_config).</summary>
        public void Start()
        {
            ThrowIfUnavailable();
            if (IsRunning) return;
            StartSshd(choosePort: false);
        }

        /// <summary>Runs the ssh wrapper with <paramref name="args"/> (e.g. <c>127.0.0.1 true</c>); 20 s timeout.</summary>
        public ProcessResult RunSsh(params string[] args)
        {
            ThrowIfUnavailable();
            var sw = Stopwatch.StartNew();
            var psi = new ProcessStartInfo(SshWrapperPath)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["LC_ALL"] = "C";
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            bool exited = p.WaitForExit(20000);
            if (!exited) { try { p.Kill(true); } catch (InvalidOperationException) { } p.WaitForExit(5000); }
            p.WaitForExit();
            return new ProcessResult(exited ? p.ExitCode : -1, o.Result, e.Result, !exited, sw.Elapsed);
        }

        /// <summary>The last lines of sshd's log.</summary>
        public string LogTail(int lines = 40)
        {
            try
            {
                if (!File.Exists(LogPath)) return "(no sshd log)";
                using var fs = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var all = new StreamReader(fs).ReadToEnd().Split('\n');
                return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)));
            }
            catch (IOException e) { return "(" + e.Message + ")"; }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                if (_disposed) return;
                _disposed = true;
            }
            if (UnavailableReason != null) return;
            StopSshd();
            DeletePasswordUser();
            TryDeleteDir();
        }

        // ------------------------------------------------------------------------------------------------
        // Files

        private void GenerateKey(string path, string type, string passphrase, string comment, bool pem)
        {
            foreach (var f in new[] { path, path + ".pub" }) { try { File.Delete(f); } catch (IOException) { } }
            var args = new List<string> { "-q", "-t", type, "-N", passphrase, "-C", comment, "-f", path };
            if (type == "rsa") { args.Add("-b"); args.Add("3072"); }
            if (pem) { args.Add("-m"); args.Add("PEM"); }
            var r = Run(_keygenPath!, args, 30000);
            if (r.ExitCode != 0) throw new InvalidOperationException("ssh-keygen " + string.Join(" ", args) + " failed: " + r);
        }

        private void ReadHostKey()
        {
            var parts = File.ReadAllText(HostKeyPath + ".pub").Trim().Split(' ');
            HostKeyType = parts[0];
            HostPublicKeyLine = parts[0] + " " + parts[1];
        }

        private void WriteKnownHosts()
        {
            File.WriteAllText(KnownHostsPath, "[127.0.0.1]:" + Port + " " + HostPublicKeyLine + "\n");
            File.WriteAllText(EmptyKnownHostsPath, "");
        }

        private string SshConfigText(IEnumerable<string> extra)
        {
            var sb = new StringBuilder();
            foreach (var l in extra) sb.Append(l).Append('\n');
            sb.Append("Host 127.0.0.1\n")
              .Append("  Port ").Append(Port).Append('\n')
              .Append("  User root\n")
              .Append("  IdentityFile ").Append(UserKeyPath).Append('\n')
              .Append("  IdentitiesOnly yes\n")
              .Append("  UserKnownHostsFile ").Append(KnownHostsPath).Append('\n')
              .Append("  GlobalKnownHostsFile /dev/null\n")
              .Append("  StrictHostKeyChecking yes\n")
              .Append("  BatchMode yes\n")
              .Append("  UpdateHostKeys no\n")
              .Append("  ConnectTimeout 10\n")
              .Append("  LogLevel ERROR\n")
              .Append("Host *\n")
              .Append("  GlobalKnownHostsFile /dev/null\n")
              .Append("  BatchMode yes\n");
            return sb.ToString();
        }

        private void WriteSshConfig() => File.WriteAllText(SshConfigPath, SshConfigText(Array.Empty<string>()));

        private void WriteWrapper() => WriteScript("ssh-wrapper", "exec " + SshPath + " -F " + SshConfigPath + " \"$@\"");

        private void WriteSshdConfig()
        {
            string conf =
                "ListenAddress 127.0.0.1\n" +
                "Port " + Port + "\n" +
                "HostKey " + HostKeyPath + "\n" +
                "AuthorizedKeysFile " + AuthorizedKeysPath + "\n" +
                "PidFile " + Path.Combine(Dir, "sshd.pid") + "\n" +
                "StrictModes no\n" +
                "UsePAM " + (UsesPam ? "yes" : "no") + "\n" +
                "PermitRootLogin yes\n" +
                "PubkeyAuthentication yes\n" +
                "PubkeyAcceptedAlgorithms +ssh-rsa\n" +
                "HostKeyAlgorithms +ssh-rsa\n" +
                // with PAM, passwords go through keyboard-interactive only: a test that logs in proves that method
                "PasswordAuthentication " + (UsesPam ? "no" : "yes") + "\n" +
                "KbdInteractiveAuthentication yes\n" +
                "PermitEmptyPasswords no\n" +
                "UseDNS no\n" +
                "X11Forwarding no\n" +
                "PrintMotd no\n" +
                "PrintLastLog no\n" +
                "MaxStartups 100:30:200\n" +
                "MaxSessions 50\n" +
                "LogLevel VERBOSE\n" +
                "Subsystem sftp internal-sftp\n" +
                "SetEnv LC_ALL=C\n";
            File.WriteAllText(SshdConfigPath, conf);
        }

        // ------------------------------------------------------------------------------------------------
        // Password user

        private void TryCreatePasswordUser()
        {
            if (!File.Exists("/usr/sbin/useradd") || !File.Exists("/usr/sbin/chpasswd")) return;
            string name = PasswordUserPrefix + Environment.ProcessId.ToString("x") + RandomHex(2);
            if (name.Length > 31) name = name.Substring(0, 31);
            string password = "Pw-" + RandomHex(8);
            var r = Run("/usr/sbin/useradd", new[] { "-M", "-d", "/tmp", "-s", "/bin/sh", "-c", "libvirtps test " + Dir, name }, 10000);
            if (r.ExitCode != 0) return;
            File.WriteAllText(Path.Combine(Dir, "password-user"), name);
            var c = Run("/usr/sbin/chpasswd", Array.Empty<string>(), 10000, stdin: name + ":" + password + "\n");
            if (c.ExitCode != 0)
            {
                Run("/usr/sbin/userdel", new[] { name }, 10000);
                return;
            }
            PasswordUser = name;
            PasswordUserPassword = password;
        }

        private void DeletePasswordUser()
        {
            string? name = PasswordUser;
            if (name == null) return;
            PasswordUser = null;
            PasswordUserPassword = null;
            Run("/usr/sbin/userdel", new[] { name }, 10000);
        }

        // ------------------------------------------------------------------------------------------------
        // sshd life cycle

        private void StartSshd(bool choosePort)
        {
            Exception? last = null;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                if (choosePort || attempt > 0 || Port == 0 || !LoopbackPorts.IsFree(Port))
                {
                    Port = LoopbackPorts.Free();
                    WriteKnownHosts();
                    WriteSshConfig();
                }
                WriteSshdConfig();
                try
                {
                    StartOnce();
                    return;
                }
                catch (SshdStartException e) when (e.PortInUse)
                {
                    last = e;
                    StopSshd();
                }
            }
            throw last!;
        }

        private void StartOnce()
        {
            var t = Run(_sshdPath!, new[] { "-t", "-f", SshdConfigPath }, 10000);
            if (t.ExitCode != 0 && UsesPam && (t.Stderr + t.Stdout).Contains("UsePAM", StringComparison.Ordinal))
                throw new SshdStartException("this sshd was built without PAM (sshd -t: " + t.Stderr.Trim() + ")", false) { NoPam = true };
            if (t.ExitCode != 0) throw new SshdStartException("sshd -t rejected " + SshdConfigPath + ": " + t, false);

            try { File.Delete(Path.Combine(Dir, "sshd.pid")); } catch (IOException) { }
            var psi = new ProcessStartInfo(_sshdPath!)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "-D", "-f", SshdConfigPath, "-E", LogPath }) psi.ArgumentList.Add(a);
            psi.Environment.Clear();
            psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
            psi.Environment["LC_ALL"] = "C";
            var stdio = new StreamWriter(new FileStream(Path.Combine(Dir, "sshd.stdio.log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            var p = new Process { StartInfo = psi };
            DataReceivedEventHandler sink = (_, e) =>
            {
                if (e.Data == null) return;
                lock (stdio) { try { stdio.WriteLine(e.Data); } catch (ObjectDisposedException) { } }
            };
            p.OutputDataReceived += sink;
            p.ErrorDataReceived += sink;
            long logStart = File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;
            p.Start();
            try { p.StandardInput.Close(); } catch (IOException) { }
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            lock (_lock)
            {
                _sshd = p;
                _stdio = stdio;
                Pid = p.Id;
            }

            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < ReadyTimeout)
            {
                if (p.HasExited)
                {
                    p.WaitForExit();
                    string tail = NewLog(logStart);
                    throw new SshdStartException("sshd (pid " + Pid + ") exited with code " + p.ExitCode + " during start-up.\n" + tail,
                        tail.Contains("Address already in use", StringComparison.Ordinal));
                }
                // ready = the banner arrives (sshd is listening and forking sessions)
                if (BannerArrives(Port)) return;
                Thread.Sleep(20);
            }
            throw new SshdStartException("sshd (pid " + Pid + ") did not answer on 127.0.0.1:" + Port + " within " + ReadyTimeout.TotalSeconds + " s.\n" + LogTail(), false);
        }

        private string NewLog(long from)
        {
            try
            {
                using var fs = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                fs.Seek(Math.Min(from, fs.Length), SeekOrigin.Begin);
                return new StreamReader(fs).ReadToEnd();
            }
            catch (IOException) { return LogTail(); }
        }

        private void StopSshd()
        {
            Process? p;
            StreamWriter? stdio;
            lock (_lock)
            {
                p = _sshd;
                stdio = _stdio;
                _sshd = null;
                _stdio = null;
                Pid = 0;
            }
            if (p != null)
            {
                try
                {
                    if (!p.HasExited)
                    {
                        Signal(p, SIGTERM);
                        if (!p.WaitForExit(5000))
                        {
                            Signal(p, SIGKILL);
                            p.WaitForExit(5000);
                        }
                    }
                    p.WaitForExit(2000);
                }
                catch (InvalidOperationException) { }
                p.Dispose();
            }
            if (stdio != null) lock (stdio) stdio.Dispose();
        }

        private sealed class SshdStartException : Exception
        {
            public SshdStartException(string message, bool portInUse) : base(message) { PortInUse = portInUse; }
            public bool PortInUse { get; }
            public bool NoPam { get; init; }
        }

        // ------------------------------------------------------------------------------------------------
        // Helpers

        private void ThrowIfUnavailable()
        {
            if (UnavailableReason != null) throw new InvalidOperationException("sshd fixture unavailable: " + UnavailableReason);
        }

        private static string? CheckAvailable(out string? sshd, out string? keygen, out string? ssh)
        {
            sshd = keygen = ssh = null;
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return "The private sshd fixture only runs on Linux.";
            if (Posix.GetEuid() != 0) return "The private sshd fixture needs root (sshd logs users in only when it runs as root).";
            sshd = FindExecutable("sshd", SshdCandidates);
            if (sshd == null) return "sshd is not installed (openssh-server: /usr/sbin/sshd).";
            keygen = FindExecutable("ssh-keygen", new[] { "/usr/bin/ssh-keygen" });
            if (keygen == null) return "ssh-keygen is not installed (openssh-client).";
            ssh = FindExecutable("ssh", new[] { "/usr/bin/ssh" });
            if (ssh == null) return "ssh is not installed (openssh-client).";
            return null;
        }

        private static readonly string[] PamModuleDirs =
            { "/lib/x86_64-linux-gnu/security", "/usr/lib/x86_64-linux-gnu/security", "/lib/aarch64-linux-gnu/security", "/usr/lib/aarch64-linux-gnu/security", "/lib64/security", "/usr/lib64/security", "/lib/security", "/usr/lib/security" };

        /// <summary>The PAM instance needs sshd's PAM service and pam_unix (it reads the password user's /etc/shadow entry).</summary>
        private static string? CheckPam()
        {
            if (!File.Exists("/etc/pam.d/sshd")) return "PAM has no sshd service (/etc/pam.d/sshd is missing; Debian's openssh-server installs it): keyboard-interactive needs PAM.";
            if (!PamModuleDirs.Any(d => File.Exists(Path.Combine(d, "pam_unix.so")))) return "pam_unix.so is not installed (libpam-modules): PAM cannot check the password user's password.";
            if (!File.Exists("/usr/sbin/useradd") || !File.Exists("/usr/sbin/chpasswd")) return "useradd/chpasswd are missing: the PAM sshd fixture cannot create its password user.";
            return null;
        }

        private static string? FindExecutable(string name, IEnumerable<string> extra)
        {
            var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, name)).Concat(extra).Concat(new[] { "/usr/sbin/" + name, "/usr/bin/" + name });
            foreach (var p in dirs)
            {
                try
                {
                    if (Path.IsPathRooted(p) && File.Exists(p) && (File.GetUnixFileMode(p) & UnixFileMode.UserExecute) != 0) return p;
                }
                catch (IOException) { }
            }
            return null;
        }

        private static ProcessResult Run(string file, IEnumerable<string> args, int timeoutMs, string? stdin = null)
        {
            var sw = Stopwatch.StartNew();
            var psi = new ProcessStartInfo(file)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["LC_ALL"] = "C";
            using var p = Process.Start(psi)!;
            try
            {
                if (stdin != null) p.StandardInput.Write(stdin);
                p.StandardInput.Close();
            }
            catch (IOException) { }
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            bool exited = p.WaitForExit(timeoutMs);
            if (!exited) { try { p.Kill(true); } catch (InvalidOperationException) { } }
            p.WaitForExit(5000);
            return new ProcessResult(exited ? p.ExitCode : -1, o.IsCompleted ? o.Result : "", e.IsCompleted ? e.Result : "", !exited, sw.Elapsed);
        }

        private static string RandomHex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

        private static string CreateTempDir()
        {
            for (int i = 0; i < 100; i++)
            {
                string d = Path.Combine("/tmp", DirPrefix + Environment.ProcessId + "-" + RandomHex(4));
                if (Directory.Exists(d)) continue;
                // 0755: the password user's session must be able to run scripts written here
                Directory.CreateDirectory(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                return d;
            }
            throw new IOException("cannot create a temp dir under /tmp");
        }

        private void TryDeleteDir() => TestRunDirectory.TryDelete(Dir, DirPrefix);

        /// <summary>
        /// A crashed test run cannot stop its sshd. A dir whose owner (test process) is gone: when its pid file names
        /// a running sshd started with that dir's config, stop it by that pid; remove its password user; remove the dir.
        /// </summary>
        private static void CleanUpStaleRuns() => TestRunDirectory.CleanUpStale(DirPrefix, d =>
        {
            string pidFile = Path.Combine(d, "sshd.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) && pid > 1)
            {
                string cmdline = "";
                try { cmdline = File.ReadAllText("/proc/" + pid + "/cmdline").Replace('\0', ' '); } catch (IOException) { }
                if (cmdline.Contains("sshd", StringComparison.Ordinal) && cmdline.Contains(Path.Combine(d, "sshd_config"), StringComparison.Ordinal))
                {
                    Posix.Kill(pid, SIGTERM);
                    for (int i = 0; i < 50 && Directory.Exists("/proc/" + pid); i++) Thread.Sleep(100);
                    if (Directory.Exists("/proc/" + pid)) Posix.Kill(pid, SIGKILL);
                }
            }
            string userFile = Path.Combine(d, "password-user");
            if (File.Exists(userFile))
            {
                string user = File.ReadAllText(userFile).Trim();
                if (user.StartsWith(PasswordUserPrefix, StringComparison.Ordinal)) Run("/usr/sbin/userdel", new[] { user }, 10000);
            }
        });

        private static bool BannerArrives(int port)
        {
            try
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Connect(new IPEndPoint(IPAddress.Loopback, port));
                s.ReceiveTimeout = 2000;
                var buf = new byte[64];
                int n = s.Receive(buf);
                return n >= 4 && Encoding.ASCII.GetString(buf, 0, 4) == "SSH-";
            }
            catch (SocketException) { return false; }
        }

        private const int SIGKILL = 9;
        private const int SIGTERM = 15;

        private static void Signal(Process p, int signal)
        {
            if (!p.HasExited) Posix.Kill(p.Id, signal);
        }


    }

    /// <summary>
    /// A second private sshd with UsePAM yes (and PasswordAuthentication no): keyboard-interactive is offered and answered
    /// by PAM (/etc/pam.d/sshd). Own port, own keys, own password user; the plain <see cref="SshdFixture"/> is untouched.
    /// </summary>
    public sealed class PamSshdFixture : SshdFixture
    {
        public PamSshdFixture() : base(usePam: true) { }
    }
}
