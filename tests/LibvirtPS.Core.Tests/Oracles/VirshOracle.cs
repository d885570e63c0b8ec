// Differential oracle: asks the real `virsh` (libvirt-clients, Debian 12 = libvirt 9.0) what libvirt's
// client does with a connection URI, so tests can compare LibvirtPS' URI engine with libvirt.
//
// How one observation is made (see Observe):
//   * `virsh [-r] -c <uri> uri` runs with a cleared environment: PATH (with the oracle's fake `ssh` dir first),
//     LC_ALL=C, a private HOME / XDG_CONFIG_HOME / XDG_CACHE_HOME / XDG_RUNTIME_DIR, LIBVIRT_AUTOSTART=0,
//     LIBVIRT_LOG_FILTERS="1:libvirt 1:remote 1:rpc", LIBVIRT_LOG_OUTPUTS="1:file:<private log>", stdin closed,
//     10 s timeout (the whole process tree is killed on timeout).
//   * The name sent in REMOTE_PROC_CONNECT_OPEN is taken from the debug line
//     `doRemoteOpen:NNN : proceeding with name = <name>` (src/remote/remote_driver.c, log module
//     "remote.remote_driver", enabled by the filter "1:remote"). It is absent when libvirt fails earlier.
//   * "1:libvirt" adds the `Split "<uri>" to URI components:` block from src/libvirt.c (scheme/server/user/port/path).
//   * ssh/ext: the URI should carry `command=<FakeSshPath>`. libvirt clears the environment of the ssh/ext child
//     (only LC_ALL=C, PATH, HOME, XDG_RUNTIME_DIR, ... survive), so the fake writes its argv to
//     `$HOME/.libvirtps-fakessh.argv` (NUL-terminated elements), where HOME is the observation's private home.
//     As a safety net the oracle's bin dir, which holds a copy of the fake named `ssh`, is first in PATH, so an ssh
//     URI without `command=` also only reaches the fake.
//   * When running as root with `unshare` and `ip` available, virsh runs in a fresh network namespace with only
//     loopback up ("NetworkIsolated"): nothing can leave the machine even if a corpus URI is wrong.
//     (Set LIBVIRTPS_ORACLE_NO_NETNS=1 to disable this.) Without isolation the oracle refuses URIs that would make libvirt itself open a TCP connection to a
//     non-loopback host (tcp, tls, libssh, libssh2 and transport-less URIs with a host).

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

// Unix file-mode APIs are used throughout; Init() reports the oracle unavailable on anything but Linux.
#pragma warning disable CA1416

namespace LibvirtPS.Core.Tests.Oracles
{
    /// <summary>URI components as libvirt's <c>virConnectOpenInternal</c> logged them (after libxml2 parsing).</summary>
    /// <remarks>Values are exactly what libvirt printed; <c>&lt;null&gt;</c> became <c>null</c>.</remarks>
    public sealed record VirshUriComponents(string? Scheme, string? Server, string? User, int Port, string? Path);

    /// <summary>What libvirt (through virsh) did with one URI.</summary>
    public sealed record VirshObservation
    {
        /// <summary>The URI given to <c>virsh -c</c> (null: no <c>-c</c> option).</summary>
        public string? Uri { get; init; }

        /// <summary>Whether <c>virsh -r</c> (VIR_CONNECT_RO) was used.</summary>
        public bool ReadOnly { get; init; }

        /// <summary>Name for REMOTE_PROC_CONNECT_OPEN, from <c>proceeding with name = X</c>; null when libvirt failed before (or the remote driver was not used).</summary>
        public string? NameSent { get; init; }

        /// <summary>argv recorded by the fake ssh/ext command (argv[0] excluded); null when it was not run.</summary>
        public IReadOnlyList<string>? SshArgv { get; init; }

        /// <summary>virsh's <c>error: </c> lines without the prefix, joined with <c>\n</c>; the generic
        /// <c>failed to connect to the hypervisor</c> line is dropped when a more specific one follows. Null on success.</summary>
        public string? Error { get; init; }

        /// <summary>Path from <c>Failed to connect socket to '&lt;path&gt;': ...</c>, when present.</summary>
        public string? SocketTried { get; init; }

        /// <summary>virsh exit code (-1 when it timed out and was killed).</summary>
        public int ExitCode { get; init; }

        /// <summary>Complete stderr of virsh.</summary>
        public string RawStderr { get; init; } = "";

        /// <summary>Complete libvirt debug log (filters <see cref="VirshOracle.LogFilters"/>).</summary>
        public string LogText { get; init; } = "";

        // ---- extras ----

        /// <summary>stdout of virsh (on success the URI printed by <c>virsh uri</c>, i.e. <c>virConnectGetURI</c>).</summary>
        public string Stdout { get; init; } = "";

        /// <summary>The trimmed stdout when virsh succeeded, else null.</summary>
        public string? ConnectedUri => ExitCode == 0 ? Stdout.Trim() : null;

        /// <summary>True when virsh did not finish within the timeout and was killed.</summary>
        public bool TimedOut { get; init; }

        /// <summary>Transport name from <c>Connecting with transport N</c> (tls, unix, ssh, libssh2, ext, tcp, libssh).</summary>
        public string? Transport { get; init; }

        /// <summary>From <c>Chosen UNIX socket X</c> (unix, ssh, libssh, libssh2; for ssh it is the path put into the nc command). Null if absent or <c>&lt;null&gt;</c>.</summary>
        public string? ChosenSocket { get; init; }

        /// <summary>From <c>Choosing remote socket for transport=... flags=0xN</c>: the remote driver's internal open flags (RO=1, USER=2, AUTOSTART=4).</summary>
        public int? RemoteOpenFlags { get; init; }

        /// <summary>URI components from the <c>Split "..." to URI components:</c> debug block, when logged.</summary>
        public VirshUriComponents? Components { get; init; }

        /// <summary>Whether virsh ran in a private network namespace (loopback only).</summary>
        public bool NetworkIsolated { get; init; }

        /// <summary>The private HOME used for this run (already deleted; for normalising paths in results, e.g. non-root socket paths).</summary>
        public string? HomeDir { get; init; }

        /// <summary>The private XDG_RUNTIME_DIR used for this run (already deleted; non-root session sockets live below it).</summary>
        public string? RuntimeDir { get; init; }

        /// <summary>Error text without a leading libvirt error-code prefix such as <c>invalid argument: </c> or <c>internal error: </c>.</summary>
        public string? ErrorMessage => Error == null ? null : VirshOracle.StripErrorCodePrefix(Error);
    }

    /// <summary>Runs the real virsh to observe libvirt's URI handling. Thread-safe; every call uses private temp dirs.</summary>
    public static class VirshOracle
    {
        /// <summary>Value of LIBVIRT_LOG_FILTERS. "1:remote" is the one that enables the
        /// <c>proceeding with name = </c> line (module "remote.remote_driver"); "1:rpc" covers the socket/ssh layer,
        /// "1:libvirt" the URI split of <c>virConnectOpenInternal</c>.</summary>
        public const string LogFilters = "1:libvirt 1:remote 1:rpc";

        /// <summary>Marker the fake ssh writes to its stderr; libvirt embeds it into its error message.</summary>
        public const string FakeSshMarker = "LIBVIRTPS-FAKESSH";

        /// <summary>File name (inside the observation's HOME) where the fake ssh stores its argv.</summary>
        public const string FakeSshArgvFileName = ".libvirtps-fakessh.argv";

        /// <summary>Seconds after which virsh is killed.</summary>
        public const int TimeoutSeconds = 10;

        private const string GenericConnectError = "failed to connect to the hypervisor";

        private static readonly object InitLock = new object();
        private static bool _initialized;
        private static string? _unavailableReason;
        private static string? _virshPath;
        private static string? _virshVersion;
        private static string? _unsharePath;
        private static string? _ipPath;
        private static bool _networkIsolated;
        private static string _baseDir = "";
        private static string _fakeSshPath = "";
        private static string _emptyPkiDir = "";
        private static string _binDir = "";

        /// <summary>Null when virsh is found on PATH and runs; otherwise a sentence explaining why not (for Skip).</summary>
        public static string? UnavailableReason { get { Init(); return _unavailableReason; } }

        /// <summary>Full path of the virsh binary used, or null.</summary>
        public static string? VirshPath { get { Init(); return _virshPath; } }

        /// <summary>Output of <c>virsh --version</c> (e.g. <c>9.0.0</c>), or null.</summary>
        public static string? VirshVersion { get { Init(); return _virshVersion; } }

        /// <summary>Whether observations run in a private network namespace (root + unshare + ip).</summary>
        public static bool NetworkIsolated { get { Init(); return _networkIsolated; } }

        /// <summary>Path of the recording fake ssh script (also usable as an <c>ext</c> command). Contains no characters that need escaping in a URI query unless the temp dir does; use <see cref="FakeSshUriValue"/>.</summary>
        public static string FakeSshPath { get { Init(); return _fakeSshPath; } }

        /// <summary><see cref="FakeSshPath"/> percent-encoded for use as a query value (<c>command=</c>).</summary>
        public static string FakeSshUriValue => PercentEncodeQueryValue(FakeSshPath);

        /// <summary>An existing empty directory, for <c>pkipath=</c> (libvirt then fails with <c>Cannot read CA certificate</c> before any network I/O).</summary>
        public static string EmptyPkiDir { get { Init(); return _emptyPkiDir; } }

        /// <summary><see cref="EmptyPkiDir"/> percent-encoded for use as a query value.</summary>
        public static string EmptyPkiDirUriValue => PercentEncodeQueryValue(EmptyPkiDir);

        /// <summary>True when a system libvirtd seems to listen on the default socket (then unix results are not "no daemon" results).</summary>
        public static bool SystemDaemonSocketPresent =>
            File.Exists("/var/run/libvirt/libvirt-sock") || File.Exists("/run/libvirt/libvirt-sock");

        /// <summary>
        /// Runs <c>virsh [-r] -c &lt;uri&gt; uri</c> and reports what libvirt did.
        /// </summary>
        /// <param name="uri">URI for <c>-c</c>; null runs virsh without <c>-c</c> (default URI logic, see LIBVIRT_DEFAULT_URI in <paramref name="extraEnv"/>).</param>
        /// <param name="readOnly">Pass <c>-r</c>.</param>
        /// <param name="extraEnv">Extra environment variables for virsh (applied last; may override HOME etc.).</param>
        public static VirshObservation Observe(string? uri, bool readOnly = false, IReadOnlyDictionary<string, string>? extraEnv = null)
        {
            Init();
            if (_unavailableReason != null)
                throw new InvalidOperationException("virsh oracle unavailable: " + _unavailableReason);
            if (uri != null && !_networkIsolated)
            {
                string? unsafeHost = FindUnsafeNetworkHost(uri);
                if (unsafeHost != null)
                    throw new ArgumentException(
                        $"Refusing to run virsh with '{uri}': libvirt would connect to non-loopback host '{unsafeHost}' and no network namespace is available.",
                        nameof(uri));
            }

            string workDir = CreatePrivateDir(Path.Combine(_baseDir, "runs"), "obs-");
            try
            {
                string home = Path.Combine(workDir, "home");
                string config = Path.Combine(home, ".config");
                string cache = Path.Combine(home, ".cache");
                string runtime = Path.Combine(workDir, "run");
                foreach (string d in new[] { home, config, cache, runtime })
                    CreateDir(d);
                string logPath = Path.Combine(workDir, "libvirt.log");

                var env = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["PATH"] = _binDir + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                    ["LC_ALL"] = "C",
                    ["LANG"] = "C",
                    ["HOME"] = home,
                    ["XDG_CONFIG_HOME"] = config,
                    ["XDG_CACHE_HOME"] = cache,
                    ["XDG_RUNTIME_DIR"] = runtime,
                    ["LIBVIRT_AUTOSTART"] = "0",
                    ["LIBVIRT_LOG_FILTERS"] = LogFilters,
                    ["LIBVIRT_LOG_OUTPUTS"] = "1:file:" + logPath,
                };
                if (extraEnv != null)
                    foreach (var kv in extraEnv)
                        env[kv.Key] = kv.Value;
                string argvFile = Path.Combine(env["HOME"], FakeSshArgvFileName);
                try { File.Delete(argvFile); } catch (IOException) { } catch (UnauthorizedAccessException) { }

                var virshArgs = new List<string>();
                if (readOnly) virshArgs.Add("-r");
                if (uri != null) { virshArgs.Add("-c"); virshArgs.Add(uri); }
                virshArgs.Add("uri");

                var psi = new ProcessStartInfo
                {
                    UseShellExecute = false,
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    WorkingDirectory = workDir,
                    StandardOutputEncoding = new UTF8Encoding(false),
                    StandardErrorEncoding = new UTF8Encoding(false),
                };
                if (_networkIsolated)
                {
                    // unshare -n sh -c '"$0" link set lo up || exit 125; exec "$@"' <ip> <virsh> args...
                    psi.FileName = _unsharePath!;
                    psi.ArgumentList.Add("-n");
                    psi.ArgumentList.Add("/bin/sh");
                    psi.ArgumentList.Add("-c");
                    psi.ArgumentList.Add("\"$0\" link set lo up || exit 125; exec \"$@\"");
                    psi.ArgumentList.Add(_ipPath!);
                    psi.ArgumentList.Add(_virshPath!);
                }
                else
                {
                    psi.FileName = _virshPath!;
                }
                foreach (string a in virshArgs) psi.ArgumentList.Add(a);
                psi.Environment.Clear();
                foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;

                var run = RunProcess(psi, TimeSpan.FromSeconds(TimeoutSeconds));

                string logText = ReadAllTextShared(logPath);
                IReadOnlyList<string>? argv = ReadArgvFile(argvFile);
                return BuildObservation(uri, readOnly, run.ExitCode, run.Stdout, run.Stderr, logText, argv, run.TimedOut, _networkIsolated)
                    with { HomeDir = env["HOME"], RuntimeDir = env["XDG_RUNTIME_DIR"] };
            }
            finally
            {
                try { Directory.Delete(workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>Builds an observation from raw outputs (public so parsing can be unit-tested without virsh).</summary>
        public static VirshObservation BuildObservation(string? uri, bool readOnly, int exitCode, string stdout, string stderr,
            string logText, IReadOnlyList<string>? sshArgv, bool timedOut = false, bool networkIsolated = false)
        {
            string? error = ParseVirshErrors(stderr);
            var entries = ParseLog(logText);
            string? name = null, transport = null, chosenSocket = null;
            int? flags = null;
            VirshUriComponents? comps = null;
            foreach (var e in entries)
            {
                if (name == null && e.Function == "doRemoteOpen" && e.Message.StartsWith("proceeding with name = ", StringComparison.Ordinal))
                    name = e.Message.Substring("proceeding with name = ".Length);
                else if (name == null && e.Function == "doRemoteOpen" && e.Message == "proceeding with name =")
                    name = ""; // defensive: trailing space trimmed by something
                else if (transport == null && e.Function == "doRemoteOpen" && e.Message.StartsWith("Connecting with transport ", StringComparison.Ordinal))
                    transport = TransportName(e.Message.Substring("Connecting with transport ".Length).Trim());
                else if (chosenSocket == null && e.Function == "doRemoteOpen" && e.Message.StartsWith("Chosen UNIX socket ", StringComparison.Ordinal))
                {
                    string s = e.Message.Substring("Chosen UNIX socket ".Length);
                    chosenSocket = s == "<null>" ? null : s;
                }
                else if (flags == null && e.Function == "remoteGetUNIXSocket")
                {
                    var m = Regex.Match(e.Message, @"^Choosing remote socket for transport=.* flags=0x([0-9a-fA-F]+)$");
                    if (m.Success) flags = Convert.ToInt32(m.Groups[1].Value, 16);
                }
                else if (comps == null && e.Function == "virConnectOpenInternal" && e.Message.StartsWith("Split \"", StringComparison.Ordinal))
                    comps = ParseSplit(e.Message);
            }

            string? socketTried = null;
            if (error != null)
            {
                var m = Regex.Match(error, @"Failed to connect socket to '(.*)': ");
                if (m.Success) socketTried = m.Groups[1].Value;
            }

            return new VirshObservation
            {
                Uri = uri,
                ReadOnly = readOnly,
                NameSent = name,
                SshArgv = sshArgv,
                Error = exitCode == 0 && error == null ? null : error,
                SocketTried = socketTried,
                ExitCode = exitCode,
                RawStderr = stderr,
                LogText = logText,
                Stdout = stdout,
                TimedOut = timedOut,
                Transport = transport,
                ChosenSocket = chosenSocket,
                RemoteOpenFlags = flags,
                Components = comps,
                NetworkIsolated = networkIsolated,
            };
        }

        /// <summary>
        /// Extracts virsh's error text: every line starting with <c>error: </c> begins an error, following lines
        /// that do not (multi-line messages, e.g. ssh stderr embedded by libvirt) continue it. The generic
        /// <c>failed to connect to the hypervisor</c> is dropped when anything else was reported.
        /// </summary>
        public static string? ParseVirshErrors(string stderr)
        {
            var errors = new List<StringBuilder>();
            StringBuilder? current = null;
            foreach (string rawLine in stderr.Replace("\r\n", "\n").Split('\n'))
            {
                if (rawLine.StartsWith("error: ", StringComparison.Ordinal))
                {
                    current = new StringBuilder(rawLine.Substring("error: ".Length));
                    errors.Add(current);
                }
                else if (current != null)
                {
                    current.Append('\n').Append(rawLine);
                }
            }
            var texts = errors.Select(b => b.ToString().TrimEnd('\n')).ToList();
            if (texts.Count > 1)
                texts.RemoveAll(t => t == GenericConnectError);
            return texts.Count == 0 ? null : string.Join("\n", texts);
        }

        private static readonly string[] ErrorCodePrefixes =
        {
            "invalid argument: ", "internal error: ", "Operation not supported: ", "this function is not supported by the connection driver: ",
            "authentication failed: ", "configuration file syntax error: ", "XML error: ", "operation failed: ",
        };

        /// <summary>Removes a leading virErrorMsg code prefix (<c>invalid argument: </c>, <c>internal error: </c>, ...).</summary>
        public static string StripErrorCodePrefix(string error)
        {
            foreach (string p in ErrorCodePrefixes)
                if (error.StartsWith(p, StringComparison.Ordinal))
                    return error.Substring(p.Length);
            return error;
        }

        /// <summary>One libvirt log entry (a header line plus continuation lines).</summary>
        public sealed record LogEntry(int Pid, string Level, string? Function, int? Line, string Message);

        private static readonly Regex LogHeader = new Regex(
            @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}: (?<pid>\d+): (?<lvl>[a-z]+) : (?<rest>.*)$",
            RegexOptions.CultureInvariant);

        private static readonly Regex FuncPrefix = new Regex(@"^(?<fn>[A-Za-z_][A-Za-z0-9_]*):(?<ln>\d+) : (?<msg>.*)$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);

        /// <summary>Splits a libvirt log file into entries (multi-line messages are kept together, without the final newline).</summary>
        public static IReadOnlyList<LogEntry> ParseLog(string logText)
        {
            var result = new List<LogEntry>();
            int pid = 0; string lvl = ""; StringBuilder? rest = null;
            void Flush()
            {
                if (rest == null) return;
                string r = rest.ToString();
                var fm = FuncPrefix.Match(r);
                result.Add(fm.Success
                    ? new LogEntry(pid, lvl, fm.Groups["fn"].Value, int.Parse(fm.Groups["ln"].Value, System.Globalization.CultureInfo.InvariantCulture), fm.Groups["msg"].Value)
                    : new LogEntry(pid, lvl, null, null, r));
                rest = null;
            }
            string text = logText.Replace("\r\n", "\n");
            if (text.EndsWith("\n", StringComparison.Ordinal)) text = text.Substring(0, text.Length - 1);
            if (text.Length == 0) return result;
            foreach (string line in text.Split('\n'))
            {
                var m = LogHeader.Match(line);
                if (m.Success)
                {
                    Flush();
                    pid = int.Parse(m.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    lvl = m.Groups["lvl"].Value;
                    rest = new StringBuilder(m.Groups["rest"].Value);
                }
                else if (rest != null)
                {
                    rest.Append('\n').Append(line);
                }
            }
            Flush();
            return result;
        }

        private static VirshUriComponents? ParseSplit(string message)
        {
            // Split "<uri>" to URI components:\n  scheme X\n  server X\n  user X\n  port N\n  path X
            var m = Regex.Match(message,
                @"\n  scheme (?<scheme>.*)\n  server (?<server>.*)\n  user (?<user>.*)\n  port (?<port>-?\d+)\n  path (?<path>.*)$",
                RegexOptions.Singleline | RegexOptions.CultureInvariant);
            if (!m.Success) return null;
            static string? N(string s) => s == "<null>" ? null : s;
            // scheme/server/user cannot contain a newline followed by the next label in practice; path is last.
            return new VirshUriComponents(N(m.Groups["scheme"].Value), N(m.Groups["server"].Value), N(m.Groups["user"].Value),
                int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture), N(m.Groups["path"].Value));
        }

        private static string TransportName(string number) => number switch
        {
            "0" => "tls",
            "1" => "unix",
            "2" => "ssh",
            "3" => "libssh2",
            "4" => "ext",
            "5" => "tcp",
            "6" => "libssh",
            _ => "#" + number,
        };

        private static IReadOnlyList<string>? ReadArgvFile(string path)
        {
            if (!File.Exists(path)) return null;
            byte[] bytes = File.ReadAllBytes(path);
            var list = new List<string>();
            int start = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == 0)
                {
                    list.Add(Encoding.UTF8.GetString(bytes, start, i - start));
                    start = i + 1;
                }
            }
            if (start < bytes.Length) // unterminated tail (should not happen)
                list.Add(Encoding.UTF8.GetString(bytes, start, bytes.Length - start));
            return list;
        }

        /// <summary>Percent-encodes a string for a URI query value, keeping <c>A-Z a-z 0-9 - . _ ~ /</c> (UTF-8, uppercase hex).</summary>
        public static string PercentEncodeQueryValue(string value)
        {
            var sb = new StringBuilder();
            foreach (byte b in Encoding.UTF8.GetBytes(value))
            {
                char c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
                    sb.Append(c);
                else
                    sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        // ------------------------------------------------------------------------------------------------
        // Safety guard (only used without network namespace)

        private static readonly Regex AuthorityRx = new Regex(
            @"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?:(?<user>[^@/?#]*)@)?(?<host>\[[^\]/?#]*\]|[^:/?#]*)(?::[^/?#]*)?(?<path>/[^?#]*)?",
            RegexOptions.CultureInvariant);

        /// <summary>Returns the host libvirt itself would open a TCP connection to if it is not loopback; else null.</summary>
        internal static string? FindUnsafeNetworkHost(string uri)
        {
            var m = AuthorityRx.Match(uri.Trim());
            if (!m.Success) return null;
            string scheme = m.Groups["scheme"].Value;
            string host = Uri.UnescapeDataString(m.Groups["host"].Value).Trim('[', ']');
            int plus = scheme.IndexOf('+');
            string driver = plus < 0 ? scheme : scheme.Substring(0, plus);
            string? transport = plus < 0 ? null : scheme.Substring(plus + 1).ToLowerInvariant();
            bool network = transport switch
            {
                null => host.Length > 0,
                "tls" or "tcp" or "libssh" or "libssh2" => true,
                _ => false, // unix, ssh (binary; PATH ssh is the fake), ext (command), unknown (rejected)
            };
            if (!network) return null;
            if (host.Length == 0 || host == "127.0.0.1" || host == "::1" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                return null;
            // libvirt's "missing slash" check (qemu://system/...) fails before any driver runs.
            // (libvirt turns a missing path into "", so the check applies with or without a path.)
            if (transport == null && (host == "system" || host == "session")
                && (driver == "qemu" || driver == "vbox" || driver == "vz"))
                return null;
            return host;
        }

        // ------------------------------------------------------------------------------------------------
        // Initialisation

        private const string FakeSshScript =
@"#!/bin/sh
# LibvirtPS test fake ssh/ext command: records its argv (without argv[0]) and refuses to connect.
# libvirt clears the child's environment but keeps HOME, so the record goes to $HOME unless
# LIBVIRTPS_FAKESSH_OUT is set. Each argument is written followed by a NUL byte.
out=""${LIBVIRTPS_FAKESSH_OUT:-${HOME:-/nonexistent}/.libvirtps-fakessh.argv}""
: > ""$out"" 2>/dev/null
for a in ""$@""; do printf '%s\000' ""$a"" >> ""$out"" 2>/dev/null; done
echo ""LIBVIRTPS-FAKESSH: recorded $# arguments, not connecting anywhere"" >&2
# Wait until libvirt has sent its first RPC packet (stdin is libvirt's socketpair) before exiting: exiting at once
# races with libvirt's send and sometimes yields 'client socket is closed' instead of the deterministic
# 'Cannot recv data: <this stderr>: Connection reset by peer'.
timeout 5 head -c 4 >/dev/null 2>&1
exit 1
";

        private static void Init()
        {
            if (_initialized) return;
            lock (InitLock)
            {
                if (_initialized) return;
                try
                {
                    _unavailableReason = DoInit();
                }
                catch (Exception ex)
                {
                    _unavailableReason = "The virsh oracle could not be initialised: " + ex.GetType().Name + ": " + ex.Message;
                }
                _initialized = true;
            }
        }

        private static string? DoInit()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                return "The virsh oracle only runs on Linux.";
            _virshPath = FindOnPath("virsh");
            if (_virshPath == null)
                return "virsh is not on PATH (install libvirt-clients).";

            // Temp root without whitespace or ':' (LIBVIRT_LOG_OUTPUTS is split on whitespace, "file:" path after ':').
            string tmp = Path.GetTempPath();
            if (tmp.IndexOfAny(new[] { ' ', '\t', '\n', ':' }) >= 0) tmp = "/tmp";
            string user = SafeFileName(Environment.UserName);
            _baseDir = Path.Combine(tmp, "libvirtps-virsh-oracle-" + user);
            CreateDir(_baseDir);
            _binDir = Path.Combine(_baseDir, "bin");
            CreateDir(_binDir);
            _fakeSshPath = Path.Combine(_baseDir, "fakessh");
            WriteScript(_fakeSshPath, FakeSshScript);
            WriteScript(Path.Combine(_binDir, "ssh"), FakeSshScript);
            _emptyPkiDir = Path.Combine(_baseDir, "empty-pki");
            CreateDir(_emptyPkiDir);
            foreach (string f in Directory.GetFileSystemEntries(_emptyPkiDir))
                return $"The empty pki directory {_emptyPkiDir} is not empty ({f}).";

            var psi = new ProcessStartInfo(_virshPath)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.ArgumentList.Add("--version");
            psi.Environment["LC_ALL"] = "C";
            var r = RunProcess(psi, TimeSpan.FromSeconds(TimeoutSeconds));
            if (r.TimedOut) return $"'{_virshPath} --version' did not finish within {TimeoutSeconds} s.";
            if (r.ExitCode != 0) return $"'{_virshPath} --version' failed with exit code {r.ExitCode}: {r.Stderr.Trim()}";
            _virshVersion = r.Stdout.Trim();

            bool root = geteuid() == 0;
            if (root && File.Exists("/etc/libvirt/libvirt.conf"))
            {
                // As root libvirt reads /etc/libvirt/libvirt.conf (not XDG_CONFIG_HOME); it must be inert.
                var active = File.ReadAllLines("/etc/libvirt/libvirt.conf")
                    .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)).ToList();
                if (active.Count > 0)
                    return "/etc/libvirt/libvirt.conf has active settings (" + active[0] + "), which would distort what virsh does as root.";
            }

            if (root && Environment.GetEnvironmentVariable("LIBVIRTPS_ORACLE_NO_NETNS") != "1")
            {
                _unsharePath = FindOnPath("unshare", "/usr/bin", "/bin");
                _ipPath = FindOnPath("ip", "/usr/sbin", "/sbin", "/usr/bin", "/bin");
                if (_unsharePath != null && _ipPath != null)
                {
                    var t = new ProcessStartInfo(_unsharePath)
                    {
                        UseShellExecute = false,
                        RedirectStandardInput = true,
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                    };
                    foreach (string a in new[] { "-n", "/bin/sh", "-c", "\"$0\" link set lo up || exit 125; exec \"$@\"", _ipPath, "true" })
                        t.ArgumentList.Add(a);
                    var tr = RunProcess(t, TimeSpan.FromSeconds(TimeoutSeconds));
                    _networkIsolated = !tr.TimedOut && tr.ExitCode == 0;
                }
            }
            return null;
        }

        [DllImport("libc", SetLastError = false)]
        private static extern uint geteuid();

        private static string SafeFileName(string s)
        {
            var sb = new StringBuilder();
            foreach (char c in s) sb.Append(char.IsLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
            return sb.Length == 0 ? "user" : sb.ToString();
        }

        private static string? FindOnPath(string name, params string[] extraDirs)
        {
            var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(extraDirs);
            foreach (string d in dirs)
            {
                string p = Path.Combine(d, name);
                if (File.Exists(p) && (File.GetUnixFileMode(p) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
                    return p;
            }
            return null;
        }

        private static void CreateDir(string path) =>
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        private static string CreatePrivateDir(string parent, string prefix)
        {
            CreateDir(parent);
            for (int i = 0; ; i++)
            {
                string p = Path.Combine(parent, prefix + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N").Substring(0, 12));
                if (!Directory.Exists(p))
                {
                    CreateDir(p);
                    return p;
                }
                if (i > 100) throw new IOException("cannot create a private directory under " + parent);
            }
        }

        private static void WriteScript(string path, string content)
        {
            const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            try
            {
                if (File.Exists(path) && File.ReadAllText(path) == content && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0)
                    return;
            }
            catch (IOException) { }
            // Write atomically: other test processes may be using the script concurrently.
            string tmp = path + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(tmp, content.Replace("\r\n", "\n"), new UTF8Encoding(false));
            File.SetUnixFileMode(tmp, mode);
            File.Move(tmp, path, overwrite: true);
        }

        private static string ReadAllTextShared(string path)
        {
            if (!File.Exists(path)) return "";
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var sr = new StreamReader(fs, new UTF8Encoding(false));
            return sr.ReadToEnd();
        }

        private readonly record struct RunResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);

        private static RunResult RunProcess(ProcessStartInfo psi, TimeSpan timeout)
        {
            using var p = new Process { StartInfo = psi };
            p.Start();
            try { p.StandardInput.Close(); } catch (IOException) { }
            Task<string> outTask = p.StandardOutput.ReadToEndAsync();
            Task<string> errTask = p.StandardError.ReadToEndAsync();
            bool exited = p.WaitForExit((int)timeout.TotalMilliseconds);
            if (!exited)
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
                p.WaitForExit(5000);
            }
            // A grandchild could keep the pipes open after virsh exited: don't wait forever for EOF.
            Task.WaitAll(new Task[] { outTask, errTask }, exited ? 5000 : 2000);
            string so = outTask.IsCompletedSuccessfully ? outTask.Result : "";
            string se = errTask.IsCompletedSuccessfully ? errTask.Result : "";
            return new RunResult(exited ? p.ExitCode : -1, so, se, !exited);
        }
    }
}
