// A private root libvirtd (test driver only) with auth_unix_rw = "polkit" and auth_unix_ro = "polkit", asking a real
// polkitd over a real, private D-Bus system bus. Nothing global is touched:
//
//   * dbus-daemon runs with our own config (type system, one unix socket in our dir, every user allowed). libvirtd
//     and polkitd find it through DBUS_SYSTEM_BUS_ADDRESS (GDBus honours it for G_BUS_TYPE_SYSTEM), never through
//     /run/dbus/system_bus_socket.
//   * polkitd reads its rules and actions from fixed paths (/etc/polkit-1/rules.d, /usr/share/polkit-1/rules.d,
//     /usr/share/polkit-1/actions; it has no option for them). It runs in a private mount namespace (unshare
//     --mount) where our three dirs are bind-mounted over those paths, so only this polkitd sees them.
//   * The actions dir declares libvirt's two actions with the defaults libvirt ships in its org.libvirt.unix.policy
//     (monitor = yes for everyone, manage = auth_admin_keep). Debian puts that file in libvirt-daemon-system, the
//     package of the system libvirtd's services and configuration, which the tests do not want; so it is written
//     here. polkitd refuses to check an action it does not know.
//   * The rules dir holds RulesText: AllowedUser may manage (rw socket); DeniedUser is refused manage outright
//     (polkit.Result.NO) and must authenticate as admin for monitor (ro socket), which without an agent fails.
//     An empty dir hides the distribution's /usr/share/polkit-1/rules.d (Debian's admin rule for group sudo).
//
// libvirtd lets uid 0 through without asking polkit (AUTH_LIST answers "none"), so the polkit decisions are seen
// from clients that run as AllowedUser / DeniedUser (setpriv): virsh, and this test assembly's entry point
// (PolkitClientProbe) as the LibvirtPS client. Two accounts every Debian has are used (nobody, daemon) instead of
// adding users to the machine; libvirtd needs a passwd entry for the client's uid.
//
// Every process is started by this fixture, in the foreground, and stopped by its pid only (SIGTERM, SIGKILL after
// 5 s): libvirtd, then polkitd, then dbus-daemon.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using LibvirtPS.Core.Tests.Fixtures;

#pragma warning disable CA1416 // Linux only; UnavailableReason says so

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class PolkitDaemonFixture : IDisposable
    {
        /// <summary>polkit lets this account manage (org.libvirt.unix.manage); monitor stays at the policy default (yes).</summary>
        public const string AllowedUser = "nobody";

        /// <summary>polkit refuses this account manage (NO) and wants admin authentication for monitor (AUTH_ADMIN).</summary>
        public const string DeniedUser = "daemon";

        public const string RulesText =
            "// LibvirtPS polkit tests: written by PolkitDaemonFixture, seen only by its own polkitd\n" +
            "polkit.addRule(function(action, subject) {\n" +
            "    if (action.id.indexOf(\"org.libvirt.unix.\") != 0) return polkit.Result.NOT_HANDLED;\n" +
            "    if (subject.user == \"" + AllowedUser + "\" && action.id == \"org.libvirt.unix.manage\") return polkit.Result.YES;\n" +
            "    if (subject.user == \"" + DeniedUser + "\")\n" +
            "        return action.id == \"org.libvirt.unix.manage\" ? polkit.Result.NO : polkit.Result.AUTH_ADMIN;\n" +
            "    return polkit.Result.NOT_HANDLED;\n" +
            "});\n";

        // the actions and defaults of libvirt's org.libvirt.unix.policy (src/remote/libvirtd.policy)
        private const string LibvirtPolicy =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
            "<!DOCTYPE policyconfig PUBLIC \"-//freedesktop//DTD PolicyKit Policy Configuration 1.0//EN\"\n" +
            " \"http://www.freedesktop.org/standards/PolicyKit/1.0/policyconfig.dtd\">\n" +
            "<policyconfig>\n" +
            "  <action id=\"org.libvirt.unix.monitor\">\n" +
            "    <description>Monitor local virtualized systems</description>\n" +
            "    <message>System policy prevents monitoring of local virtualized systems</message>\n" +
            "    <defaults><allow_any>yes</allow_any><allow_inactive>yes</allow_inactive><allow_active>yes</allow_active></defaults>\n" +
            "  </action>\n" +
            "  <action id=\"org.libvirt.unix.manage\">\n" +
            "    <description>Manage local virtualized systems</description>\n" +
            "    <message>System policy prevents management of local virtualized systems</message>\n" +
            "    <defaults><allow_any>auth_admin_keep</allow_any><allow_inactive>auth_admin_keep</allow_inactive><allow_active>auth_admin_keep</allow_active></defaults>\n" +
            "  </action>\n" +
            "</policyconfig>\n";

        private const string DirPrefix = "libvirtps-polkit-";
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
        private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

        private readonly Dictionary<string, (int Uid, int Gid)> _accounts = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        private readonly List<(string Name, Process Process, StringBuilder Output)> _started = new List<(string, Process, StringBuilder)>();
        private string _virsh = "", _libvirtd = "", _dbusDaemon = "", _polkitd = "", _unshare = "", _setpriv = "", _dotnet = "";

        public PolkitDaemonFixture()
        {
            UnavailableReason = CheckAvailable();
            if (UnavailableReason != null) return;
            CleanUpStaleRuns();
            Dir = Path.Combine("/tmp", DirPrefix + Guid.NewGuid().ToString("n").Substring(0, 8));
            try
            {
                // 0755 throughout: polkitd reads the rules as user polkitd, the clients reach the sockets as nobody/daemon
                var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                           UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
                Directory.CreateDirectory(Dir);
                File.SetUnixFileMode(Dir, open);
                foreach (var d in new[] { "rules", "no-rules", "actions", "run", "drv", "log", "home", "client" })
                {
                    Directory.CreateDirectory(Path.Combine(Dir, d));
                    File.SetUnixFileMode(Path.Combine(Dir, d), open);
                }
                foreach (var user in new[] { "root", AllowedUser, DeniedUser })
                {
                    // each client's HOME (virsh may write its cache there); world-writable since we cannot chown from .NET
                    string h = HomeOf(user);
                    Directory.CreateDirectory(h);
                    File.SetUnixFileMode(h, open | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
                }
                TestRunDirectory.RecordOwner(Dir);
                File.WriteAllText(Path.Combine(Dir, "rules", "10-libvirtps.rules"), RulesText);
                File.WriteAllText(Path.Combine(Dir, "actions", "org.libvirt.unix.policy"), LibvirtPolicy);
                UnavailableReason = CopyClient(open);
                if (UnavailableReason != null)
                {
                    Dispose();
                    return;
                }
                StartBus();
                StartPolkitd();
                StartLibvirtd();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Null when the daemons run; otherwise why they cannot (tests Skip with it).</summary>
        public string? UnavailableReason { get; }

        public string Dir { get; } = "";

        public string BusAddress => "unix:path=" + Path.Combine(Dir, "bus");

        public string SocketPath => Path.Combine(Dir, "run", "libvirt-sock");

        public string ReadOnlySocketPath => Path.Combine(Dir, "run", "libvirt-sock-ro");

        public string UnixUri => "test+unix:///default?socket=" + SocketPath;

        public string UnixReadOnlyUri => "test+unix:///default?socket=" + ReadOnlySocketPath;

        public string LibvirtdLogPath => Path.Combine(Dir, "log", "libvirtd.log");

        /// <summary>What polkitd printed (rule loading, its own errors): for test output when something is off.</summary>
        public string PolkitdOutput => OutputOf("polkitd");

        /// <summary><c>virsh [-r] -c uri args…</c> as <paramref name="user"/> (root: no setpriv), LC_ALL=C, stdin closed.</summary>
        public ProcessResult RunVirshAs(string user, string uri, bool readOnly, params string[] args)
        {
            var argv = new List<string>();
            if (readOnly) argv.Add("-r");
            argv.Add("-c");
            argv.Add(uri);
            argv.AddRange(args);
            return RunAs(user, _virsh, argv);
        }

        /// <summary>LibvirtPS as <paramref name="user"/>: this assembly's <see cref="PolkitClientProbe"/> opening <paramref name="uri"/>.</summary>
        public ProcessResult RunProbeAs(string user, string uri, bool readOnly)
        {
            var argv = new List<string> { ClientAssembly, PolkitClientProbe.Verb };
            if (readOnly) argv.Add("--readonly");
            argv.Add(uri);
            return RunAs(user, _dotnet, argv);
        }

        /// <summary>libvirtd's log so far (read while the daemon writes it).</summary>
        public IReadOnlyList<string> LibvirtdLogLines()
        {
            if (!File.Exists(LibvirtdLogPath)) return Array.Empty<string>();
            using var fs = new FileStream(LibvirtdLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var sr = new StreamReader(fs);
            return sr.ReadToEnd().Split('\n');
        }

        public string LibvirtdLogTail() =>
            File.Exists(LibvirtdLogPath) ? string.Join("\n", File.ReadAllLines(LibvirtdLogPath).TakeLast(20)) : "";

        public void Dispose()
        {
            // reverse order of start: libvirtd, polkitd, dbus-daemon
            for (int i = _started.Count - 1; i >= 0; i--)
            {
                var p = _started[i].Process;
                try
                {
                    if (!p.HasExited)
                    {
                        Posix.Kill(p.Id, 15);
                        if (!p.WaitForExit(5000) && !p.HasExited) { Posix.Kill(p.Id, 9); p.WaitForExit(5000); }
                    }
                }
                catch (InvalidOperationException) { }
                p.Dispose();
            }
            _started.Clear();
            TestRunDirectory.TryDelete(Dir, DirPrefix);
        }

        // ------------------------------------------------------------------------------------------------
        // Start-up

        private void StartBus()
        {
            File.WriteAllText(Path.Combine(Dir, "bus.conf"),
                "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n" +
                " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n" +
                "<busconfig>\n" +
                "  <type>system</type>\n" +
                "  <listen>" + BusAddress + "</listen>\n" +
                "  <auth>EXTERNAL</auth>\n" +
                "  <policy context=\"default\">\n" +
                "    <allow user=\"*\"/>\n" +
                "    <allow own=\"*\"/>\n" +
                "    <allow send_destination=\"*\"/>\n" +
                "    <allow receive_sender=\"*\"/>\n" +
                "  </policy>\n" +
                "</busconfig>\n");
            var p = Start("dbus-daemon", _dbusDaemon, new[] { "--config-file=" + Path.Combine(Dir, "bus.conf"), "--nofork", "--nopidfile" }, BaseEnv());
            WaitUntil("dbus-daemon", p, () => CanConnectUnix(Path.Combine(Dir, "bus")), "its socket " + Path.Combine(Dir, "bus") + " accepts");
        }

        private void StartPolkitd()
        {
            // unshare execs sh, sh execs polkitd: the pid we started is polkitd's. Paths go in as arguments, not
            // into the script, so no quoting can go wrong.
            const string script =
                "mount --bind \"$1\" /etc/polkit-1/rules.d && mount --bind \"$2\" /usr/share/polkit-1/rules.d && " +
                "mount --bind \"$3\" /usr/share/polkit-1/actions && exec \"$4\"";
            var env = BaseEnv();
            env["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress;
            var p = Start("polkitd", _unshare, new[] { "--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh",
                Path.Combine(Dir, "rules"), Path.Combine(Dir, "no-rules"), Path.Combine(Dir, "actions"), _polkitd }, env);
            WaitUntil("polkitd", p, () => OutputOf("polkitd").Contains("Acquired the name org.freedesktop.PolicyKit1", StringComparison.Ordinal),
                "it owns org.freedesktop.PolicyKit1 on the private bus");
            string output = OutputOf("polkitd");
            if (!output.Contains("executing 1 rules", StringComparison.Ordinal))
                throw new InvalidOperationException("polkitd did not load exactly the fixture's one rules file:\n" + output);
        }

        private void StartLibvirtd()
        {
            string conf = Path.Combine(Dir, "libvirtd.conf");
            File.WriteAllText(conf,
                "unix_sock_dir = \"" + Path.Combine(Dir, "run") + "\"\n" +
                // every user may connect: polkit, not the socket mode, is what decides here
                "unix_sock_ro_perms = \"0777\"\nunix_sock_rw_perms = \"0777\"\nunix_sock_admin_perms = \"0700\"\n" +
                "auth_unix_ro = \"polkit\"\nauth_unix_rw = \"polkit\"\n" +
                "log_outputs = \"3:file:" + LibvirtdLogPath + "\"\n");
            var env = BaseEnv();
            env["HOME"] = HomeOf("root");
            env["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress;
            env["LIBVIRT_DRIVER_DIR"] = Path.Combine(Dir, "drv");
            env["XDG_RUNTIME_DIR"] = Path.Combine(Dir, "run");
            var p = Start("libvirtd", _libvirtd, new[] { "-f", conf, "-p", Path.Combine(Dir, "run", "libvirtd.pid") }, env);
            WaitUntil("libvirtd", p, () => CanConnectUnix(SocketPath) && CanConnectUnix(ReadOnlySocketPath), "both unix sockets accept");
        }

        private Process Start(string name, string file, IEnumerable<string> args, Dictionary<string, string> env)
        {
            var output = new StringBuilder();
            var p = new Process { StartInfo = Psi(file, args, env) };
            p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            p.Start();
            _started.Add((name, p, output));
            File.AppendAllText(Path.Combine(Dir, "pids"), p.Id + "\n"); // for CleanUpStaleRuns after a crash
            try { p.StandardInput.Close(); } catch (IOException) { }
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return p;
        }

        private void WaitUntil(string name, Process p, Func<bool> ready, string what)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < StartTimeout)
            {
                if (ready()) return;
                if (p.HasExited) break;
                Thread.Sleep(25);
            }
            string state = p.HasExited ? "exited with code " + p.ExitCode : "is running";
            throw new InvalidOperationException(name + " (pid " + p.Id + ") " + state + " but not ready (" + what + ") within " +
                StartTimeout.TotalSeconds + " s. Output:\n" + OutputOf(name) + (name == "libvirtd" ? "\nlog:\n" + LibvirtdLogTail() : ""));
        }

        private string OutputOf(string name)
        {
            foreach (var (n, _, output) in _started)
                if (n == name) lock (output) return output.ToString();
            return "";
        }

        /// <summary>
        /// A test run that crashed cannot stop its daemons. Each run's dir records the test process (owner) and the pids
        /// it started; when that test process is gone, a recorded pid that still names this dir in its command line or
        /// environment (libvirtd's and dbus-daemon's config paths, polkitd's DBUS_SYSTEM_BUS_ADDRESS) is one of ours and
        /// is killed; then the dir goes. Nothing else is touched.
        /// </summary>
        private static void CleanUpStaleRuns() => TestRunDirectory.CleanUpStale(DirPrefix, d =>
        {
            string pidsFile = Path.Combine(d, "pids");
            var pids = File.Exists(pidsFile) ? File.ReadAllLines(pidsFile) : Array.Empty<string>();
            foreach (var line in pids)
            {
                if (!int.TryParse(line.Trim(), out int pid) || pid <= 1) continue;
                string identity = "";
                try
                {
                    identity = File.ReadAllText("/proc/" + pid + "/cmdline") + File.ReadAllText("/proc/" + pid + "/environ");
                }
                catch (IOException) { continue; } // gone
                catch (UnauthorizedAccessException) { continue; }
                if (identity.Contains(d + "/", StringComparison.Ordinal)) Posix.Kill(pid, 9);
            }
        });

        // ------------------------------------------------------------------------------------------------
        // Clients

        private string HomeOf(string user) => Path.Combine(Dir, "home", user);

        private ProcessResult RunAs(string user, string file, List<string> argv)
        {
            var env = BaseEnv();
            env["HOME"] = HomeOf(user);
            env["XDG_CONFIG_HOME"] = Path.Combine(HomeOf(user), ".config");
            env["XDG_CACHE_HOME"] = Path.Combine(HomeOf(user), ".cache");
            env["XDG_RUNTIME_DIR"] = Path.Combine(HomeOf(user), "run");
            env["LIBVIRT_AUTOSTART"] = "0";
            env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            env["DOTNET_NOLOGO"] = "1";
            if (user == "root") return Run(file, argv, env, ClientTimeout);
            var (uid, gid) = _accounts[user];
            var wrapped = new List<string> { "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--", file };
            wrapped.AddRange(argv);
            return Run(_setpriv, wrapped, env, ClientTimeout);
        }

        // ------------------------------------------------------------------------------------------------
        // Availability

        private string? CheckAvailable()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return "needs Linux (libvirtd, polkitd, dbus-daemon)";
            if (Posix.GetEuid() != 0) return "needs root to start a private libvirtd and polkitd";
            static string? Need(params string[] candidates) => candidates.FirstOrDefault(File.Exists);
            _libvirtd = Need("/usr/sbin/libvirtd", "/usr/local/sbin/libvirtd") ?? "";
            if (_libvirtd.Length == 0) return "libvirtd is not installed (apt-get install libvirt-daemon)";
            _virsh = Need("/usr/bin/virsh", "/usr/local/bin/virsh") ?? "";
            if (_virsh.Length == 0) return "virsh is not installed (apt-get install libvirt-clients)";
            _dbusDaemon = Need("/usr/bin/dbus-daemon") ?? "";
            if (_dbusDaemon.Length == 0) return "dbus-daemon is not installed (apt-get install dbus-daemon)";
            _polkitd = Need("/usr/lib/polkit-1/polkitd", "/usr/libexec/polkitd", "/usr/libexec/polkit-1/polkitd") ?? "";
            if (_polkitd.Length == 0) return "polkitd is not installed (apt-get install polkitd)";
            _unshare = Need("/usr/bin/unshare") ?? "";
            _setpriv = Need("/usr/bin/setpriv") ?? "";
            if (_unshare.Length == 0 || _setpriv.Length == 0) return "unshare or setpriv is missing (util-linux)";
            foreach (var d in new[] { "/etc/polkit-1/rules.d", "/usr/share/polkit-1/rules.d", "/usr/share/polkit-1/actions" })
                if (!Directory.Exists(d)) return d + " does not exist: polkitd's rules and actions cannot be replaced there";
            string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            _dotnet = host != null && File.Exists(host) ? host : Need("/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/bin/dotnet") ?? "";
            if (_dotnet.Length == 0) return "the dotnet host is not found (DOTNET_HOST_PATH, /usr/share/dotnet/dotnet): the LibvirtPS client runs in a process of its own";

            foreach (var user in new[] { AllowedUser, DeniedUser })
            {
                var r = Run("/usr/bin/getent", new[] { "passwd", user }, BaseEnv(), TimeSpan.FromSeconds(10));
                var f = r.Stdout.Trim().Split(':');
                if (r.ExitCode != 0 || f.Length < 4 || !int.TryParse(f[2], out int uid) || !int.TryParse(f[3], out int gid))
                    return "the account " + user + " does not exist (the polkit tests run their clients as " + AllowedUser + " and " + DeniedUser + ")";
                if (uid == 0) return "the account " + user + " is root; libvirtd lets root through without polkit";
                _accounts[user] = (uid, gid);
            }

            // containers may forbid mount namespaces; then polkitd cannot get private rules
            var ns = Run(_unshare, new[] { "--mount", "--propagation", "private", "/bin/true" }, BaseEnv(), TimeSpan.FromSeconds(10));
            if (ns.ExitCode != 0) return "cannot create a private mount namespace for polkitd (unshare --mount): " + ns.Stderr.Trim();

            return null;
        }

        private string ClientAssembly => Path.Combine(Dir, "client", Path.GetFileName(typeof(PolkitClientProbe).Assembly.Location));

        /// <summary>
        /// The LibvirtPS client runs as other users, who may not reach the build output (a checkout under /root): this
        /// assembly and its neighbours (*.dll, *.json: dependencies, deps and runtimeconfig) are copied to our 0755 dir.
        /// Then one run as AllowedUser without a URI must end in the probe's usage error (exit 2): the dotnet runtime
        /// is usable by that user. Returns why not, or null.
        /// </summary>
        private string? CopyClient(UnixFileMode dirMode)
        {
            string from = Path.GetDirectoryName(typeof(PolkitClientProbe).Assembly.Location)!;
            string to = Path.Combine(Dir, "client");
            var fileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            foreach (var f in Directory.GetFiles(from).Where(f => f.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
            {
                string target = Path.Combine(to, Path.GetFileName(f));
                File.Copy(f, target);
                File.SetUnixFileMode(target, fileMode);
            }
            File.SetUnixFileMode(to, dirMode);
            var (uid, gid) = _accounts[AllowedUser];
            var probe = Run(_setpriv, new[] { "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--", _dotnet, ClientAssembly, PolkitClientProbe.Verb },
                BaseEnv(), ClientTimeout);
            if (probe.ExitCode != 2 || !probe.Stderr.Contains("usage:", StringComparison.Ordinal))
                return "the LibvirtPS client (" + ClientAssembly + " on " + _dotnet + ") does not run as " + AllowedUser +
                       " (is the dotnet runtime readable by that user?): " + probe;
            return null;
        }

        // ------------------------------------------------------------------------------------------------
        // Helpers

        private static Dictionary<string, string> BaseEnv() => new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["LC_ALL"] = "C",
            ["LANG"] = "C",
        };

        private static bool CanConnectUnix(string path)
        {
            if (!File.Exists(path)) return false;
            try
            {
                using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                s.Connect(new UnixDomainSocketEndPoint(path));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static ProcessStartInfo Psi(string file, IEnumerable<string> args, Dictionary<string, string> env)
        {
            var psi = new ProcessStartInfo(file)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = new UTF8Encoding(false),
                StandardErrorEncoding = new UTF8Encoding(false),
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment.Clear();
            foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            return psi;
        }

        private static ProcessResult Run(string file, IEnumerable<string> args, Dictionary<string, string> env, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            using var p = new Process { StartInfo = Psi(file, args, env) };
            p.Start();
            try { p.StandardInput.Close(); } catch (IOException) { }
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            bool done = p.WaitForExit((int)timeout.TotalMilliseconds);
            if (!done) { try { p.Kill(); } catch (InvalidOperationException) { } p.WaitForExit(5000); }
            return new ProcessResult(done ? p.ExitCode : -1, stdout.Result, stderr.Result, !done, sw.Elapsed);
        }
    }
}
