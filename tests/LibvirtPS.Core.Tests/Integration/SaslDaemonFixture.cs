// A private root libvirtd (test driver only) that wants SASL (facts §12.3): listen_tls on 127.0.0.1 with
// auth_tls = "sasl", the rw unix socket with auth_unix_rw = "sasl" (the ro socket stays auth none), a private Cyrus
// config (SASL_CONF_PATH, mech_list digest-md5 scram-sha-256 scram-sha-1 plain) and a private sasldb with the users
// fred/secret and wilma/<a long unlikely password>. A certtool PKI for localhost. Runs in the foreground as a child of the
// test process and is stopped by its pid only (SIGTERM, SIGKILL after 5 s).

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
    public sealed class SaslDaemonFixture : IDisposable
    {
        public const string User = "fred";
        public const string Password = "secret";
        public const string TraceUser = "wilma";
        public const string TracePassword = "Qz8-unlikely-Pw-7731";

        private Process? _daemon;
        private readonly string? _virsh;

        public SaslDaemonFixture()
        {
            UnavailableReason = CheckAvailable(out var libvirtd, out _virsh);
            if (UnavailableReason != null) return;
            Dir = Path.Combine("/tmp", "libvirtps-sasl-" + Guid.NewGuid().ToString("n").Substring(0, 8));
            foreach (var d in new[] { "run", "drv", "log", "pki", "sasl2", "home", "client" }) Directory.CreateDirectory(Path.Combine(Dir, d));
            try
            {
                MakePki();
                MakeSasl();
                WriteAuthFile(GoodAuthFile, User, Password);
                WriteAuthFile(BadAuthFile, User, "wrong");
                Start(libvirtd!);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public string? UnavailableReason { get; }
        public string Dir { get; } = "";
        public int TlsPort { get; private set; }
        public string SocketPath => Path.Combine(Dir, "run", "libvirt-sock");
        public string ClientPki => Path.Combine(Dir, "client");
        public string GoodAuthFile => Path.Combine(Dir, "auth-good.conf");
        public string BadAuthFile => Path.Combine(Dir, "auth-bad.conf");
        public string LogPath => Path.Combine(Dir, "log", "libvirtd.log");

        /// <summary>test+tls://localhost:port/default?pkipath=…[&amp;extra]</summary>
        public string TlsUri(string extra = "") => "test+tls://localhost:" + TlsPort + "/default?pkipath=" + ClientPki + extra;

        /// <summary>test+unix:///default?socket=…[&amp;extra] (the rw socket, SASL)</summary>
        public string UnixUri(string extra = "") => "test+unix:///default?socket=" + SocketPath + extra;

        /// <summary>virsh -c uri args… with LIBVIRT_AUTH_FILE = <paramref name="authFile"/> (so it never prompts), stdin closed.</summary>
        public ProcessResult RunVirsh(string? authFile, string uri, params string[] args)
        {
            var env = ClientEnv();
            if (authFile != null) env["LIBVIRT_AUTH_FILE"] = authFile;
            return Run(_virsh!, new[] { "-c", uri }.Concat(args), env, TimeSpan.FromSeconds(30));
        }

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

        // ------------------------------------------------------------------------------------------------

        private static string? CheckAvailable(out string? libvirtd, out string? virsh)
        {
            libvirtd = virsh = null;
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return "needs Linux (libvirtd)";
            if (Posix.GetEuid() != 0) return "needs root to start a private libvirtd";
            libvirtd = Find("libvirtd");
            virsh = Find("virsh");
            if (libvirtd == null) return "libvirtd is not installed (apt-get install libvirt-daemon)";
            if (virsh == null) return "virsh is not installed (apt-get install libvirt-clients)";
            if (Find("certtool") == null) return "certtool is not installed (apt-get install gnutls-bin)";
            if (Find("saslpasswd2") == null) return "saslpasswd2 is not installed (apt-get install sasl2-bin)";
            bool plugins = new[] { "/usr/lib/x86_64-linux-gnu/sasl2", "/usr/lib/aarch64-linux-gnu/sasl2", "/usr/lib/sasl2" }
                .Any(d => Directory.Exists(d) && Directory.GetFiles(d, "libscram.so*").Length > 0);
            if (!plugins) return "the Cyrus SCRAM plugin is missing (apt-get install libsasl2-modules)";
            return null;
        }

        private static string? Find(string name)
        {
            foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(new[] { "/usr/sbin", "/usr/bin", "/sbin" }))
            {
                if (d.Length == 0) continue;
                string p = Path.Combine(d, name);
                if (File.Exists(p)) return p;
            }
            return null;
        }

        private string Pki(string name) => Path.Combine(Dir, "pki", name);

        private void MakePki()
        {
            void Certtool(params string[] args)
            {
                var r = Run("certtool", args, ClientEnv(), TimeSpan.FromSeconds(60));
                if (r.ExitCode != 0) throw new InvalidOperationException("certtool " + string.Join(" ", args) + " failed: " + r);
            }
            File.WriteAllText(Pki("ca.info"), "cn = LibvirtPS SASL Test CA\nca\ncert_signing_key\nexpiration_days = 30\n");
            File.WriteAllText(Pki("server.info"), "organization = LibvirtPS\ncn = localhost\ndns_name = localhost\ntls_www_server\nencryption_key\nsigning_key\nexpiration_days = 30\n");
            File.WriteAllText(Pki("client.info"), "country = GB\norganization = LibvirtPS\ncn = client1\ntls_www_client\nencryption_key\nsigning_key\nexpiration_days = 30\n");
            foreach (var k in new[] { "cakey.pem", "serverkey.pem", "clientkey.pem" })
                Certtool("--generate-privkey", "--key-type", "rsa", "--bits", "2048", "--outfile", Pki(k));
            Certtool("--generate-self-signed", "--load-privkey", Pki("cakey.pem"), "--template", Pki("ca.info"), "--outfile", Pki("cacert.pem"));
            Certtool("--generate-certificate", "--load-privkey", Pki("serverkey.pem"), "--load-ca-certificate", Pki("cacert.pem"),
                "--load-ca-privkey", Pki("cakey.pem"), "--template", Pki("server.info"), "--outfile", Pki("servercert.pem"));
            Certtool("--generate-certificate", "--load-privkey", Pki("clientkey.pem"), "--load-ca-certificate", Pki("cacert.pem"),
                "--load-ca-privkey", Pki("cakey.pem"), "--template", Pki("client.info"), "--outfile", Pki("clientcert.pem"));
            File.Copy(Pki("cacert.pem"), Path.Combine(ClientPki, "cacert.pem"));
            File.Copy(Pki("clientcert.pem"), Path.Combine(ClientPki, "clientcert.pem"));
            File.Copy(Pki("clientkey.pem"), Path.Combine(ClientPki, "clientkey.pem"));
        }

        private void MakeSasl()
        {
            string sasl = Path.Combine(Dir, "sasl2");
            string db = Path.Combine(sasl, "passwd.db");
            File.WriteAllText(Path.Combine(sasl, "libvirt.conf"),
                "mech_list: digest-md5 scram-sha-256 scram-sha-1 plain\nsasldb_path: " + db + "\n");
            foreach (var (u, pw) in new[] { (User, Password), (TraceUser, TracePassword) })
            {
                var r = Run("saslpasswd2", new[] { "-f", db, "-a", "libvirt", "-p", "-c", u }, ClientEnv(), TimeSpan.FromSeconds(20), pw);
                if (r.ExitCode != 0) throw new InvalidOperationException("saslpasswd2 failed: " + r);
            }
        }

        private static void WriteAuthFile(string path, string user, string password) =>
            File.WriteAllText(path, "[credentials-t]\nauthname=" + user + "\npassword=" + password + "\n\n[auth-libvirt-default]\ncredentials=t\n");

        private void Start(string libvirtd)
        {
            Exception? last = null;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                TlsPort = LoopbackPorts.Free();
                File.WriteAllText(Path.Combine(Dir, "libvirtd.conf"),
                    "unix_sock_dir = \"" + Path.Combine(Dir, "run") + "\"\n" +
                    "unix_sock_ro_perms = \"0777\"\nunix_sock_rw_perms = \"0770\"\nunix_sock_admin_perms = \"0700\"\n" +
                    "auth_unix_ro = \"none\"\nauth_unix_rw = \"sasl\"\n" +
                    "listen_tcp = 0\nlisten_tls = 1\ntls_port = \"" + TlsPort + "\"\nlisten_addr = \"127.0.0.1\"\nauth_tls = \"sasl\"\n" +
                    "key_file = \"" + Pki("serverkey.pem") + "\"\ncert_file = \"" + Pki("servercert.pem") + "\"\nca_file = \"" + Pki("cacert.pem") + "\"\n" +
                    "crl_file = \"" + Path.Combine(Dir, "no-crl.pem") + "\"\n" +
                    "log_outputs = \"3:file:" + LogPath + "\"\n");
                var env = ClientEnv();
                env["LIBVIRT_DRIVER_DIR"] = Path.Combine(Dir, "drv");
                env["XDG_RUNTIME_DIR"] = Path.Combine(Dir, "run");
                env["SASL_CONF_PATH"] = Path.Combine(Dir, "sasl2");
                var p = new Process { StartInfo = Psi(libvirtd, new[] { "-f", Path.Combine(Dir, "libvirtd.conf"), "-p", Path.Combine(Dir, "run", "pid"), "--listen" }, env) };
                var output = new StringBuilder();
                p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                p.Start();
                _daemon = p;
                try { p.StandardInput.Close(); } catch (IOException) { }
                p.BeginOutputReadLine();
                p.BeginErrorReadLine();
                var sw = Stopwatch.StartNew();
                while (sw.Elapsed < TimeSpan.FromSeconds(15) && !p.HasExited)
                {
                    if (File.Exists(SocketPath) && LoopbackPorts.Accepts(TlsPort)) return;
                    Thread.Sleep(25);
                }
                lock (output) last = new InvalidOperationException("SASL libvirtd did not start: " + output + "\n" + LogTail());
                if (!p.HasExited) { Posix.Kill(p.Id, 9); p.WaitForExit(5000); }
                p.Dispose();
                _daemon = null;
            }
            throw last!;
        }

        private Dictionary<string, string> ClientEnv() => new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["LC_ALL"] = "C",
            ["LANG"] = "C",
            ["HOME"] = Path.Combine(Dir, "home"),
            ["XDG_CONFIG_HOME"] = Path.Combine(Dir, "home", ".config"),
            ["XDG_CACHE_HOME"] = Path.Combine(Dir, "home", ".cache"),
            ["XDG_RUNTIME_DIR"] = Path.Combine(Dir, "home", "run"),
            ["LIBVIRT_AUTOSTART"] = "0",
        };

        private static ProcessStartInfo Psi(string file, IEnumerable<string> args, Dictionary<string, string> env)
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
            foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            return psi;
        }

        private static ProcessResult Run(string file, IEnumerable<string> args, Dictionary<string, string> env, TimeSpan timeout, string? stdin = null)
        {
            var sw = Stopwatch.StartNew();
            using var p = new Process { StartInfo = Psi(file, args, env) };
            p.Start();
            try
            {
                if (stdin != null) p.StandardInput.Write(stdin);
                p.StandardInput.Close();
            }
            catch (IOException) { }
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            bool done = p.WaitForExit((int)timeout.TotalMilliseconds);
            if (!done) { try { p.Kill(); } catch (InvalidOperationException) { } p.WaitForExit(5000); }
            return new ProcessResult(done ? p.ExitCode : -1, stdout.Result, stderr.Result, !done, sw.Elapsed);
        }


    }
}
