// A private root libvirtd with a SASL-protected TCP listener (facts §12.3): listen_tcp = 1 on 127.0.0.1:<free port>,
// auth_tcp = "sasl", its own cyrus-sasl config through SASL_CONF_PATH=<dir>/sasl2 (mech_list: digest-md5,
// sasldb_path: <dir>/sasl2/passwd.db) and the user fred/secret made with saslpasswd2 -a libvirt. Only the built-in
// drivers (test + remote) load; a node XML file with 1,000 domains is ready for large listings. The daemon runs
// in the foreground as our child and is stopped by its pid only (SIGTERM, SIGKILL after 5 s); the temp dir goes
// with it. An auth.conf for virsh (LIBVIRT_AUTH_FILE) holds fred/secret for 127.0.0.1.

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
using LibvirtPS.Core.Tests.Fixtures;

#pragma warning disable CA1416

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class DigestMd5DaemonFixture : IDisposable
    {
        public const string User = "fred";
        public const string Password = "secret";
        public const int DomainCount = 1000;

        private Process? _daemon;
        private readonly string? _virsh;

        public DigestMd5DaemonFixture()
        {
            UnavailableReason = CheckAvailable(out var libvirtd, out _virsh, out var saslpasswd2);
            if (UnavailableReason != null) return;
            Dir = Path.Combine("/tmp", "libvirtps-sasl-" + Guid.NewGuid().ToString("n").Substring(0, 8));
            Directory.CreateDirectory(Dir);
            try
            {
                foreach (var d in new[] { "run", "drv", "home", "sasl2" }) Directory.CreateDirectory(Path.Combine(Dir, d));
                File.WriteAllText(Path.Combine(Dir, "sasl2", "libvirt.conf"),
                    "mech_list: digest-md5\nsasldb_path: " + Path.Combine(Dir, "sasl2", "passwd.db") + "\n");
                var r = Run(saslpasswd2!, new[] { "-f", Path.Combine(Dir, "sasl2", "passwd.db"), "-a", "libvirt", "-p", "-c", User }, Password);
                if (r.ExitCode != 0) throw new InvalidOperationException("saslpasswd2 failed: " + r);
                File.WriteAllText(AuthFile, "[credentials-x]\nauthname=" + User + "\npassword=" + Password + "\n\n[auth-libvirt-127.0.0.1]\ncredentials=x\n");
                File.WriteAllText(WrongAuthFile, "[credentials-x]\nauthname=" + User + "\npassword=wrong\n\n[auth-libvirt-127.0.0.1]\ncredentials=x\n");
                var sb = new StringBuilder("<node>");
                for (int i = 0; i < DomainCount; i++)
                    sb.Append("<domain type='test'><name>").Append(DomainName(i)).Append("</name><memory>1024</memory><os><type>hvm</type></os></domain>");
                sb.Append("</node>");
                File.WriteAllText(NodePath, sb.ToString());
                Port = StartDaemon(libvirtd!);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Long names so the listing is far larger than one 64 KiB SASL frame.</summary>
        public static string DomainName(int i) => "sasl-framing-test-domain-with-a-deliberately-long-name-" + i.ToString("0000");

        public string? UnavailableReason { get; }
        public string Dir { get; } = "";
        public int Port { get; }
        public string NodePath => Path.Combine(Dir, "node.xml");
        public string AuthFile => Path.Combine(Dir, "auth.conf");
        public string WrongAuthFile => Path.Combine(Dir, "auth-wrong.conf");
        public string LogPath => Path.Combine(Dir, "libvirtd.log");

        public string TcpUri(string path = "/default") => "test+tcp://127.0.0.1:" + Port + path;

        /// <summary>virsh with LIBVIRT_AUTH_FILE = <paramref name="authFile"/>, LC_ALL=C, a private HOME.</summary>
        public ProcessResult RunVirsh(string authFile, string uri, params string[] args) =>
            Run(_virsh!, new[] { "-c", uri }.Concat(args), null, new Dictionary<string, string> { ["LIBVIRT_AUTH_FILE"] = authFile });

        public string LogTail() => File.Exists(LogPath) ? string.Join("\n", File.ReadAllLines(LogPath).TakeLast(20)) : "";

        public void Dispose()
        {
            var p = _daemon;
            _daemon = null;
            if (p != null)
            {
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
            if (Dir.Length > 0) { try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
        }

        private int StartDaemon(string libvirtd)
        {
            Exception? last = null;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                int port = LoopbackPorts.Free();
                File.WriteAllText(Path.Combine(Dir, "libvirtd.conf"),
                    "unix_sock_dir = \"" + Path.Combine(Dir, "run") + "\"\n" +
                    "unix_sock_ro_perms = \"0777\"\nunix_sock_rw_perms = \"0770\"\nunix_sock_admin_perms = \"0700\"\n" +
                    "auth_unix_ro = \"none\"\nauth_unix_rw = \"none\"\n" +
                    "listen_tcp = 1\nlisten_tls = 0\ntcp_port = \"" + port + "\"\nlisten_addr = \"127.0.0.1\"\nauth_tcp = \"sasl\"\n" +
                    "log_outputs = \"3:file:" + LogPath + "\"\n");
                var psi = Psi(libvirtd, new[] { "-f", Path.Combine(Dir, "libvirtd.conf"), "-p", Path.Combine(Dir, "run", "pid"), "--listen" }, null);
                psi.Environment["LIBVIRT_DRIVER_DIR"] = Path.Combine(Dir, "drv");
                psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(Dir, "run");
                psi.Environment["SASL_CONF_PATH"] = Path.Combine(Dir, "sasl2");
                var p = new Process { StartInfo = psi };
                var output = new StringBuilder();
                p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                p.Start();
                _daemon = p;
                try { p.StandardInput.Close(); } catch (IOException) { }
                p.BeginOutputReadLine();
                p.BeginErrorReadLine();
                var sw = Stopwatch.StartNew();
                while (sw.Elapsed < TimeSpan.FromSeconds(15))
                {
                    if (p.HasExited) break;
                    if (LoopbackPorts.Accepts(port)) return port;
                    Thread.Sleep(25);
                }
                string why;
                lock (output) why = output.ToString();
                last = new InvalidOperationException("SASL libvirtd did not listen on 127.0.0.1:" + port + ": " + why + "\n" + LogTail());
                if (!p.HasExited) { Posix.Kill(p.Id, 9); p.WaitForExit(5000); }
                p.Dispose();
                _daemon = null;
            }
            throw last!;
        }

        private static string? CheckAvailable(out string? libvirtd, out string? virsh, out string? saslpasswd2)
        {
            libvirtd = virsh = saslpasswd2 = null;
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return "needs Linux (libvirtd)";
            if (Posix.GetEuid() != 0) return "needs root to start a private libvirtd";
            libvirtd = Find("/usr/sbin/libvirtd");
            virsh = Find("/usr/bin/virsh");
            saslpasswd2 = Find("/usr/sbin/saslpasswd2");
            if (libvirtd == null) return "libvirtd is not installed (apt-get install libvirt-daemon)";
            if (virsh == null) return "virsh is not installed (apt-get install libvirt-clients)";
            if (saslpasswd2 == null) return "saslpasswd2 is not installed (apt-get install sasl2-bin)";
            bool digest = Directory.Exists("/usr/lib/x86_64-linux-gnu/sasl2") &&
                          Directory.GetFiles("/usr/lib/x86_64-linux-gnu/sasl2", "libdigestmd5.so*").Length > 0 ||
                          Directory.Exists("/usr/lib/aarch64-linux-gnu/sasl2") &&
                          Directory.GetFiles("/usr/lib/aarch64-linux-gnu/sasl2", "libdigestmd5.so*").Length > 0;
            if (!digest) return "the cyrus DIGEST-MD5 plugin is not installed (apt-get install libsasl2-modules)";
            return null;
        }

        private static string? Find(string path) => File.Exists(path) ? path : null;

        private ProcessStartInfo Psi(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? extra)
        {
            var psi = new ProcessStartInfo(file)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment.Clear();
            string home = Path.Combine(Dir, "home");
            psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
            psi.Environment["LC_ALL"] = "C";
            psi.Environment["LANG"] = "C";
            psi.Environment["HOME"] = home;
            psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
            psi.Environment["XDG_CACHE_HOME"] = Path.Combine(home, ".cache");
            psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(home, "run");
            psi.Environment["LIBVIRT_AUTOSTART"] = "0";
            if (extra != null) foreach (var kv in extra) psi.Environment[kv.Key] = kv.Value;
            return psi;
        }

        private ProcessResult Run(string file, IEnumerable<string> args, string? stdin, IReadOnlyDictionary<string, string>? extra = null)
        {
            var sw = Stopwatch.StartNew();
            using var p = new Process { StartInfo = Psi(file, args, extra) };
            p.Start();
            try
            {
                if (stdin != null) p.StandardInput.Write(stdin);
                p.StandardInput.Close();
            }
            catch (IOException) { }
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            bool done = p.WaitForExit(30000);
            if (!done) { try { p.Kill(); } catch (InvalidOperationException) { } p.WaitForExit(5000); }
            return new ProcessResult(done ? p.ExitCode : -1, stdout.Result, stderr.Result, !done, sw.Elapsed);
        }


    }
}
