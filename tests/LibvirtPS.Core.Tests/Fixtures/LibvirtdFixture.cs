// A private root libvirtd with only the test driver (facts §12.1), for integration tests of the remote driver.
//
//   * LIBVIRT_DRIVER_DIR = an empty temp dir: only the drivers built into libvirt.so load (test + remote); no
//     system state, no system sockets, so it runs beside any other libvirtd on the machine.
//   * Its own unix_sock_dir, `--listen` with listen_tcp = 1 on 127.0.0.1:<free port>, listen_tls = 0, auth none
//     everywhere, log to a file in the temp dir.
//   * Started in the foreground as a child of the test process (no -d), so its pid is ours; stopped by that pid
//     only (SIGTERM, SIGKILL after 5 s). Never looked up or killed by name.
//   * test:///default inside the daemon is shared by its clients only while at least one connection is open; it
//     resets when the last one closes. Tests that build state over several connections must hold one themselves.
//
// Usable as IClassFixture<LibvirtdFixture> (one daemon per test class) or through the "libvirtd" collection
// (one daemon for every class in the collection).

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

#pragma warning disable CA1416 // Linux only; UnavailableReason says so elsewhere

namespace LibvirtPS.Core.Tests.Fixtures
{
    /// <summary>Exit code and output of a helper process (virsh, python).</summary>
    public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Elapsed)
    {
        /// <summary>stderr lines that start with <c>error: </c>, without that prefix.</summary>
        public IReadOnlyList<string> ErrorLines =>
            Stderr.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("error: ", StringComparison.Ordinal))
                .Select(l => l.Substring("error: ".Length)).ToList();

        /// <summary>Non-empty stdout lines, trimmed.</summary>
        public IReadOnlyList<string> Lines =>
            Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

        public override string ToString() =>
            "exit " + ExitCode + (TimedOut ? " (timed out)" : "") + "\n--- stdout ---\n" + Stdout + "\n--- stderr ---\n" + Stderr;
    }

    /// <summary>
    /// A long-running /usr/bin/python3 script (e.g. one that holds a libvirt connection open while a test looks at
    /// the daemon). Its stdout is read line by line; closing stdin is the conventional "you may exit now".
    /// Dispose kills it (by its pid) if it has not exited.
    /// </summary>
    public sealed class BackgroundProcess : IDisposable
    {
        private readonly Process _process;
        private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        private readonly StringBuilder _stderr = new StringBuilder();
        private readonly StringBuilder _stdout = new StringBuilder();

        internal BackgroundProcess(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data == null) { _lines.Writer.TryComplete(); return; }
                lock (_stdout) _stdout.AppendLine(e.Data);
                _lines.Writer.TryWrite(e.Data);
            };
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data != null) lock (_stderr) _stderr.AppendLine(e.Data);
            };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Pid => _process.Id;

        public bool HasExited => _process.HasExited;

        public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

        public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

        /// <summary>Next stdout line; throws TimeoutException (with stderr) after <paramref name="timeout"/>, or when the process ended.</summary>
        public async Task<string> ReadLineAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                if (await _lines.Reader.WaitToReadAsync(cts.Token).ConfigureAwait(false) && _lines.Reader.TryRead(out var line))
                    return line;
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no line from python within " + timeout.TotalSeconds + " s; stderr:\n" + Stderr);
            }
            throw new InvalidOperationException("python ended without the expected output; stderr:\n" + Stderr);
        }

        /// <summary>Reads lines until one starts with <paramref name="prefix"/> (returned whole).</summary>
        public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException("no line starting with '" + prefix + "' within " + timeout.TotalSeconds + " s; stderr:\n" + Stderr);
                string line = await ReadLineAsync(left).ConfigureAwait(false);
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
            }
        }

        /// <summary>Closes stdin (the script's cue to exit) and waits up to <paramref name="timeout"/>; kills it after that.</summary>
        public bool Stop(TimeSpan timeout)
        {
            try { _process.StandardInput.Close(); } catch (IOException) { } catch (InvalidOperationException) { }
            if (_process.WaitForExit((int)timeout.TotalMilliseconds)) return true;
            Dispose();
            return false;
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(); // this process only (SIGKILL by its pid)
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
            _process.Dispose();
        }
    }

    /// <summary>One private libvirtd (test driver only) listening on its own unix sockets and on 127.0.0.1:<see cref="Port"/>.</summary>
    public sealed class LibvirtdFixture : IDisposable
    {
        /// <summary>libvirtd binary searched for (PATH first, then these).</summary>
        private static readonly string[] DaemonCandidates = { "/usr/sbin/libvirtd", "/usr/local/sbin/libvirtd" };

        private const string Python = "/usr/bin/python3";
        private const string DirPrefix = "libvirtps-itest-";

        private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan VirshTimeout = TimeSpan.FromSeconds(20);
        private static readonly TimeSpan PythonTimeout = TimeSpan.FromSeconds(120);

        private readonly object _lock = new object();
        private readonly List<BackgroundProcess> _backgrounds = new List<BackgroundProcess>();
        private readonly string? _daemonPath;
        private readonly string? _virshPath;
        private Process? _daemon;
        private StreamWriter? _stdio;
        private bool _disposed;
        private string? _pythonUnavailable;
        private bool _pythonChecked;

        public LibvirtdFixture() : this(false) { }

        /// <summary>
        /// With <paramref name="storageDriver"/>: libvirt's real storage driver is linked into the driver dir (facts
        /// §12.1), so <see cref="StorageUri"/> reaches dir pools with files and volume upload/download work.
        /// Internal: xunit wants a single public constructor on a class fixture (StorageDaemonFixture wraps this one).
        /// </summary>
        internal LibvirtdFixture(bool storageDriver)
        {
            UnavailableReason = CheckAvailable(out _daemonPath, out _virshPath);
            if (UnavailableReason == null && storageDriver)
            {
                StorageDriverPath = new[] { "/usr/lib/x86_64-linux-gnu/libvirt/connection-driver", "/usr/lib64/libvirt/connection-driver", "/usr/lib/libvirt/connection-driver" }
                    .Select(d => Path.Combine(d, "libvirt_driver_storage.so")).FirstOrDefault(File.Exists);
                if (StorageDriverPath == null) UnavailableReason = "libvirt_driver_storage.so is not installed (package libvirt-daemon-driver-storage)";
            }
            if (UnavailableReason != null) return;

            CleanUpStaleRuns();
            Dir = CreateTempDir();
            Directory.CreateDirectory(DriverDir);
            if (StorageDriverPath != null) File.CreateSymbolicLink(Path.Combine(DriverDir, "libvirt_driver_storage.so"), StorageDriverPath);
            Directory.CreateDirectory(RunDir);
            Directory.CreateDirectory(Path.Combine(Dir, "log"));
            Directory.CreateDirectory(HomeDir);
            TestRunDirectory.RecordOwner(Dir);
            try
            {
                StartDaemon(choosePort: true);
            }
            catch
            {
                StopDaemon();
                TryDeleteDir();
                throw;
            }
        }

        // ------------------------------------------------------------------------------------------------
        // What tests use

        /// <summary>Null when the daemon runs; otherwise why it cannot (not Linux, not root, libvirtd or virsh missing) — tests Skip with it.</summary>
        public string? UnavailableReason { get; }

        /// <summary>The fixture's temp dir (config, sockets, logs); deleted on Dispose.</summary>
        public string Dir { get; } = "";

        /// <summary>The rw unix socket.</summary>
        public string SocketPath => Path.Combine(RunDir, "libvirt-sock");

        /// <summary>The read-only unix socket.</summary>
        public string ReadOnlySocketPath => Path.Combine(RunDir, "libvirt-sock-ro");

        /// <summary>The TCP port on 127.0.0.1 (chosen free at start; kept across <see cref="Restart"/> when possible).</summary>
        public int Port { get; private set; }

        /// <summary>The daemon's pid (0 while it is not running).</summary>
        public int Pid { get; private set; }

        /// <summary>libvirtd's own log (log_outputs, level 3 = warnings and errors).</summary>
        public string LogPath => Path.Combine(Dir, "log", "libvirtd.log");

        /// <summary>The daemon's stdout and stderr.</summary>
        public string StdioLogPath => Path.Combine(Dir, "log", "stdio.log");

        public string UnixUri => "test+unix:///default?socket=" + SocketPath;

        /// <summary>The real storage driver's URI (only with the storage driver linked in).</summary>
        public string StorageUri => "storage+unix:///system?socket=" + SocketPath;

        /// <summary>The storage driver module linked into the driver dir; null when not asked for.</summary>
        public string? StorageDriverPath { get; }

        public string UnixReadOnlyUri => "test+unix:///default?socket=" + ReadOnlySocketPath;

        public string TcpUri => "test+tcp://127.0.0.1:" + Port + "/default";

        /// <summary>True while the daemon process we started is running.</summary>
        public bool IsRunning
        {
            get { lock (_lock) return _daemon != null && !_daemon.HasExited; }
        }

        /// <summary>Null when /usr/bin/python3 can import libvirt; otherwise why not.</summary>
        public string? PythonUnavailableReason
        {
            get
            {
                lock (_lock)
                {
                    if (_pythonChecked) return _pythonUnavailable;
                    _pythonChecked = true;
                    if (!File.Exists(Python)) return _pythonUnavailable = Python + " is missing (install python3-libvirt).";
                    var r = RunProcess(Python, new[] { "-c", "import libvirt; print(libvirt.getVersion())" }, null, TimeSpan.FromSeconds(20), null);
                    if (r.ExitCode != 0) _pythonUnavailable = Python + " cannot import libvirt (install python3-libvirt): " + r.Stderr.Trim();
                    return _pythonUnavailable;
                }
            }
        }

        /// <summary><c>virsh -c <see cref="UnixUri"/> args…</c> with LC_ALL=C, a private HOME, stdin closed, 20 s timeout.</summary>
        public ProcessResult RunVirsh(params string[] args) => RunVirshOn(UnixUri, args);

        /// <summary><c>virsh -c <paramref name="uri"/> args…</c> (e.g. <see cref="TcpUri"/>, or <c>-r</c> first in args).</summary>
        public ProcessResult RunVirshOn(string uri, params string[] args)
        {
            ThrowIfUnavailable();
            var argv = new List<string> { "-c", uri };
            argv.AddRange(args);
            return RunProcess(_virshPath!, argv, null, VirshTimeout, ClientEnvironment());
        }

        /// <summary>
        /// Runs a python script with /usr/bin/python3 (python3-libvirt). The environment has LIBVIRTPS_URI = <see cref="UnixUri"/>,
        /// LIBVIRTPS_TCP_URI = <see cref="TcpUri"/>. 120 s timeout.
        /// </summary>
        public ProcessResult RunPython(string script)
        {
            ThrowIfUnavailable();
            return RunProcess(Python, new[] { "-c", script }, null, PythonTimeout, ClientEnvironment());
        }

        /// <summary>Starts a python script in the background (same environment as <see cref="RunPython"/>); the fixture kills it on Dispose at the latest.</summary>
        public BackgroundProcess StartPython(string script)
        {
            ThrowIfUnavailable();
            var psi = NewPsi(Python, new[] { "-u", "-c", script }, ClientEnvironment());
            var p = new Process { StartInfo = psi };
            p.Start();
            var bg = new BackgroundProcess(p);
            lock (_lock) _backgrounds.Add(bg);
            return bg;
        }

        /// <summary>SIGKILL the daemon (fault tests) and wait until it is gone. Connected clients see their sockets close.</summary>
        public void Kill()
        {
            lock (_lock)
            {
                if (_daemon == null || _daemon.HasExited) return;
                Signal(_daemon, SIGKILL);
                _daemon.WaitForExit(5000);
            }
        }

        /// <summary>SIGSTOP the daemon: it stops answering but its sockets stay open (a call is then pending for sure).</summary>
        public void Freeze()
        {
            lock (_lock)
            {
                if (_daemon != null && !_daemon.HasExited) Signal(_daemon, SIGSTOP);
            }
        }

        /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
        public void Thaw()
        {
            lock (_lock)
            {
                if (_daemon != null && !_daemon.HasExited) Signal(_daemon, SIGCONT);
            }
        }

        /// <summary>Stops the daemon if it runs, then starts a fresh one with the same sockets and (when still free) the same port.</summary>
        public void Restart()
        {
            ThrowIfUnavailable();
            StopDaemon();
            StartDaemon(choosePort: false);
        }

        /// <summary>Starts the daemon again if a test killed it.</summary>
        public void EnsureRunning()
        {
            ThrowIfUnavailable();
            if (!IsRunning) Restart();
        }

        /// <summary>The last <paramref name="lines"/> lines of the daemon's log and stdio.</summary>
        public string LogTail(int lines = 40)
        {
            var sb = new StringBuilder();
            foreach (var path in new[] { LogPath, StdioLogPath })
            {
                sb.Append("--- ").Append(path).AppendLine(" ---");
                try
                {
                    var all = ReadShared(path).Split('\n');
                    foreach (var l in all.Skip(Math.Max(0, all.Length - lines))) sb.AppendLine(l);
                }
                catch (IOException e)
                {
                    sb.AppendLine("(" + e.Message + ")");
                }
            }
            return sb.ToString();
        }

        public void Dispose()
        {
            lock (_lock)
            {
                if (_disposed) return;
                _disposed = true;
            }
            if (UnavailableReason != null) return;
            List<BackgroundProcess> bgs;
            lock (_lock) bgs = _backgrounds.ToList();
            foreach (var bg in bgs) bg.Dispose();
            StopDaemon();
            TryDeleteDir();
        }

        // ------------------------------------------------------------------------------------------------
        // Daemon life cycle

        private string DriverDir => Path.Combine(Dir, "drv");
        private string RunDir => Path.Combine(Dir, "run");
        private string HomeDir => Path.Combine(Dir, "home");
        private string ConfPath => Path.Combine(Dir, "libvirtd.conf");
        private string PidFilePath => Path.Combine(RunDir, "libvirtd.pid");

        private void StartDaemon(bool choosePort)
        {
            Exception? last = null;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                if (choosePort || attempt > 0 || Port == 0 || !LoopbackPorts.IsFree(Port)) Port = LoopbackPorts.Free();
                WriteConfig();
                try
                {
                    StartOnce();
                    return;
                }
                catch (Exception e) when (e is DaemonStartException ds && ds.PortInUse)
                {
                    last = e; // someone took the port between probe and bind: pick another
                    StopDaemon();
                }
            }
            throw last!;
        }

        private void WriteConfig()
        {
            // values are paths under our own temp dir (no quotes or backslashes in them)
            string conf =
                "unix_sock_dir = \"" + RunDir + "\"\n" +
                "unix_sock_ro_perms = \"0777\"\n" +
                "unix_sock_rw_perms = \"0770\"\n" +
                "unix_sock_admin_perms = \"0700\"\n" +
                "auth_unix_ro = \"none\"\n" +
                "auth_unix_rw = \"none\"\n" +
                "listen_tcp = 1\n" +
                "listen_tls = 0\n" +
                "tcp_port = \"" + Port + "\"\n" +
                "listen_addr = \"127.0.0.1\"\n" +
                "auth_tcp = \"none\"\n" +
                "log_outputs = \"3:file:" + LogPath + "\"\n";
            File.WriteAllText(ConfPath, conf);
        }

        private void StartOnce()
        {
            // a SIGKILLed predecessor leaves its sockets and pid file behind; they are ours, in our dir
            foreach (var f in new[] { SocketPath, ReadOnlySocketPath, Path.Combine(RunDir, "libvirt-admin-sock"), PidFilePath })
            {
                try { File.Delete(f); } catch (IOException) { }
            }

            var env = new Dictionary<string, string>
            {
                ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                ["LC_ALL"] = "C",
                ["HOME"] = HomeDir,
                ["LIBVIRT_DRIVER_DIR"] = DriverDir,
                ["XDG_RUNTIME_DIR"] = RunDir,
                ["XDG_CONFIG_HOME"] = Path.Combine(HomeDir, ".config"),
                ["XDG_CACHE_HOME"] = Path.Combine(HomeDir, ".cache"),
            };
            var psi = NewPsi(_daemonPath!, new[] { "-f", ConfPath, "-p", PidFilePath, "--listen" }, env);
            var stdio = new StreamWriter(new FileStream(StdioLogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
            DataReceivedEventHandler sink = (_, e) =>
            {
                if (e.Data == null) return;
                lock (stdio) { try { stdio.WriteLine(e.Data); } catch (ObjectDisposedException) { } }
            };
            p.OutputDataReceived += sink;
            p.ErrorDataReceived += sink;
            var sw = Stopwatch.StartNew();
            p.Start();
            try { p.StandardInput.Close(); } catch (IOException) { }
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            lock (_lock)
            {
                _daemon = p;
                _stdio = stdio;
                Pid = p.Id;
            }

            // ready = the rw socket accepts a connection (and the TCP listener too, since tests use both)
            bool unixOk = false, tcpOk = false;
            while (sw.Elapsed < ReadyTimeout)
            {
                if (p.HasExited)
                {
                    p.WaitForExit();
                    string tail = LogTail();
                    throw new DaemonStartException("libvirtd (pid " + Pid + ") exited with code " + p.ExitCode + " during start-up.\n" + tail,
                        tail.Contains("Address already in use", StringComparison.Ordinal));
                }
                if (!unixOk) unixOk = CanConnectUnix(SocketPath);
                if (unixOk && !tcpOk) tcpOk = LoopbackPorts.Accepts(Port);
                if (unixOk && tcpOk)
                {
                    StartupTime = sw.Elapsed;
                    return;
                }
                Thread.Sleep(20);
            }
            throw new DaemonStartException("libvirtd (pid " + Pid + ") did not accept connections on " + SocketPath +
                (unixOk ? " (unix ok)" : "") + " and 127.0.0.1:" + Port + " within " + ReadyTimeout.TotalSeconds + " s.\n" + LogTail(), false);
        }

        /// <summary>How long the last start took until both listeners accepted.</summary>
        public TimeSpan StartupTime { get; private set; }

        private void StopDaemon()
        {
            Process? p;
            StreamWriter? stdio;
            lock (_lock)
            {
                p = _daemon;
                stdio = _stdio;
                _daemon = null;
                _stdio = null;
                Pid = 0;
            }
            if (p != null)
            {
                try
                {
                    if (!p.HasExited)
                    {
                        Signal(p, SIGCONT); // a frozen daemon cannot act on SIGTERM
                        Signal(p, SIGTERM);
                        if (!p.WaitForExit(5000))
                        {
                            Signal(p, SIGKILL);
                            p.WaitForExit(5000);
                        }
                    }
                    p.WaitForExit(2000); // lets the async stdio readers finish
                }
                catch (InvalidOperationException) { }
                p.Dispose();
            }
            if (stdio != null) lock (stdio) stdio.Dispose();
        }

        private sealed class DaemonStartException : Exception
        {
            public DaemonStartException(string message, bool portInUse) : base(message) { PortInUse = portInUse; }
            public bool PortInUse { get; }
        }

        // ------------------------------------------------------------------------------------------------
        // Helpers

        private void ThrowIfUnavailable()
        {
            if (UnavailableReason != null) throw new InvalidOperationException("libvirtd fixture unavailable: " + UnavailableReason);
        }

        private Dictionary<string, string> ClientEnvironment() => new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["LC_ALL"] = "C",
            ["LANG"] = "C",
            ["HOME"] = HomeDir,
            ["XDG_CONFIG_HOME"] = Path.Combine(HomeDir, ".config"),
            ["XDG_CACHE_HOME"] = Path.Combine(HomeDir, ".cache"),
            ["XDG_RUNTIME_DIR"] = Path.Combine(HomeDir, "run"),
            ["LIBVIRT_AUTOSTART"] = "0",
            ["LIBVIRTPS_URI"] = UnixUri,
            ["LIBVIRTPS_TCP_URI"] = TcpUri,
        };

        private static ProcessStartInfo NewPsi(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env)
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
            if (env != null)
            {
                psi.Environment.Clear();
                foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            }
            return psi;
        }

        private static ProcessResult RunProcess(string file, IEnumerable<string> args, string? stdin, TimeSpan timeout, IReadOnlyDictionary<string, string>? env)
        {
            var sw = Stopwatch.StartNew();
            using var p = new Process { StartInfo = NewPsi(file, args, env) };
            p.Start();
            try
            {
                if (stdin != null) p.StandardInput.Write(stdin);
                p.StandardInput.Close();
            }
            catch (IOException) { }
            var outTask = p.StandardOutput.ReadToEndAsync();
            var errTask = p.StandardError.ReadToEndAsync();
            bool exited = p.WaitForExit((int)timeout.TotalMilliseconds);
            if (!exited)
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
                p.WaitForExit(5000);
            }
            Task.WaitAll(new Task[] { outTask, errTask }, exited ? 5000 : 2000);
            return new ProcessResult(exited ? p.ExitCode : -1,
                outTask.IsCompletedSuccessfully ? outTask.Result : "",
                errTask.IsCompletedSuccessfully ? errTask.Result : "",
                !exited, sw.Elapsed);
        }

        private static string? CheckAvailable(out string? daemon, out string? virsh)
        {
            daemon = null;
            virsh = null;
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return "The private libvirtd fixture only runs on Linux.";
            if (Posix.GetEuid() != 0) return "The private libvirtd fixture needs root (libvirtd runs as a system daemon with its own sockets).";
            daemon = FindExecutable("libvirtd", DaemonCandidates);
            if (daemon == null) return "libvirtd is not installed (libvirt-daemon: /usr/sbin/libvirtd).";
            virsh = FindExecutable("virsh", new[] { "/usr/bin/virsh" });
            if (virsh == null) return "virsh is not installed (libvirt-clients), needed to compare results.";
            return null;
        }

        private static string? FindExecutable(string name, IEnumerable<string> extra)
        {
            var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, name)).Concat(extra);
            foreach (var p in dirs)
            {
                try
                {
                    if (File.Exists(p) && (File.GetUnixFileMode(p) & UnixFileMode.UserExecute) != 0) return p;
                }
                catch (IOException) { }
            }
            return null;
        }

        private static string CreateTempDir()
        {
            // short paths: unix socket paths are limited to 107 bytes
            for (int i = 0; i < 100; i++)
            {
                string d = Path.Combine("/tmp", DirPrefix + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                if (Directory.Exists(d)) continue;
                Directory.CreateDirectory(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return d;
            }
            throw new IOException("cannot create a temp dir under /tmp");
        }

        private void TryDeleteDir() => TestRunDirectory.TryDelete(Dir, DirPrefix);

        /// <summary>
        /// A test run that crashed cannot stop its daemon. Its dir records the test process (owner) and the daemon pid
        /// file; when that test process is gone and the pid is still a libvirtd started with that dir's config, it is
        /// ours from an earlier run: stop it by that pid and remove the dir. Nothing else is touched.
        /// </summary>
        private static void CleanUpStaleRuns() => TestRunDirectory.CleanUpStale(DirPrefix, d =>
        {
            string pidFile = Path.Combine(d, "run", "libvirtd.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) && pid > 1)
            {
                string cmdline = "";
                try { cmdline = File.ReadAllText("/proc/" + pid + "/cmdline").Replace('\0', ' '); } catch (IOException) { }
                if (cmdline.Contains("libvirtd", StringComparison.Ordinal) && cmdline.Contains(Path.Combine(d, "libvirtd.conf"), StringComparison.Ordinal))
                {
                    Posix.Kill(pid, SIGCONT);
                    Posix.Kill(pid, SIGTERM);
                    for (int i = 0; i < 50 && Directory.Exists("/proc/" + pid); i++) Thread.Sleep(100);
                    if (Directory.Exists("/proc/" + pid)) Posix.Kill(pid, SIGKILL);
                }
            }
        });

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

        private static string ReadShared(string path)
        {
            if (!File.Exists(path)) return "";
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var sr = new StreamReader(fs);
            return sr.ReadToEnd();
        }

        private const int SIGKILL = 9;
        private const int SIGTERM = 15;
        private const int SIGCONT = 18;
        private const int SIGSTOP = 19;

        private static void Signal(Process p, int signal)
        {
            // only while the Process object says it runs: then the pid cannot have been reaped and reused
            if (!p.HasExited) Posix.Kill(p.Id, signal);
        }


    }

    /// <summary>Classes marked <c>[Collection(LibvirtdCollection.Name)]</c> share one daemon.</summary>
    [CollectionDefinition(Name)]
    public sealed class LibvirtdCollection : ICollectionFixture<LibvirtdFixture>
    {
        public const string Name = "libvirtd";
    }
}
