// Two private root libvirtd with listen_tls on 127.0.0.1 and a test PKI made by certtool/openssl (facts §12.2):
//
//   * "main": server certificate for dns_name=localhost only (so 127.0.0.1 is a wrong host name),
//     tls_allowed_dn_list = ["*CN=client1*"] (client1 and client1-ec allowed, CN=intruder not);
//   * "expired": a server certificate that expired in 2020 (tls_no_sanity_certificate = 1 so the daemon starts).
//
// Both run in the foreground as children of the test process, with only the built-in drivers (test + remote),
// their own unix sockets and log; stopped by their pid only (SIGTERM, SIGKILL after 5 s). Each pkipath folder
// the tests use is made by PkiDir(...).

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
    public sealed class TlsDaemonFixture : IDisposable
    {
        private readonly List<Process> _daemons = new List<Process>();
        private readonly string? _virsh;

        public TlsDaemonFixture()
        {
            UnavailableReason = CheckAvailable(out var libvirtd, out _virsh);
            if (UnavailableReason != null) return;
            Dir = Path.Combine(Path.GetTempPath(), "libvirtps-tls-" + Guid.NewGuid().ToString("n").Substring(0, 8));
            Directory.CreateDirectory(Dir);
            Directory.CreateDirectory(HomeDir);
            try
            {
                MakePki();
                MainPort = StartDaemon(libvirtd!, "main", Pki("servercert.pem"), Pki("serverkey.pem"), "tls_allowed_dn_list = [\"*CN=client1*\"]\n");
                ExpiredPort = StartDaemon(libvirtd!, "expired", Pki("expiredcert.pem"), Pki("serverkey.pem"), "tls_no_sanity_certificate = 1\n");
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Null when the daemons run; otherwise why not (tests Skip with it).</summary>
        public string? UnavailableReason { get; }

        public string Dir { get; } = "";
        public int MainPort { get; }
        public int ExpiredPort { get; }
        private string HomeDir => Path.Combine(Dir, "home");
        private string PkiDirRoot => Path.Combine(Dir, "pki");

        /// <summary>A generated PKI file (cacert.pem, altcacert.pem, client1cert.pem, client1key.pem, client1eccert.pem, ...).</summary>
        public string Pki(string name) => Path.Combine(PkiDirRoot, name);

        /// <summary>A pkipath folder with the given files as cacert.pem / clientcert.pem / clientkey.pem (null: left out).</summary>
        public string PkiDir(string name, string? ca, string? cert, string? key)
        {
            string d = Path.Combine(Dir, "pkipath-" + name);
            Directory.CreateDirectory(d);
            if (ca != null) File.Copy(Pki(ca), Path.Combine(d, "cacert.pem"), true);
            if (cert != null) File.Copy(Pki(cert), Path.Combine(d, "clientcert.pem"), true);
            if (key != null) File.Copy(Pki(key), Path.Combine(d, "clientkey.pem"), true);
            return d;
        }

        /// <summary><c>virsh -c uri args…</c> with LC_ALL=C and a private HOME.</summary>
        public ProcessResult RunVirsh(string uri, params string[] args) =>
            Run(_virsh!, new[] { "-c", uri }.Concat(args), TimeSpan.FromSeconds(30));

        public string LogTail(string daemon)
        {
            string p = Path.Combine(Dir, daemon, "libvirtd.log");
            return File.Exists(p) ? string.Join("\n", File.ReadAllLines(p).TakeLast(20)) : "";
        }

        public void Dispose()
        {
            foreach (var p in _daemons)
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
            _daemons.Clear();
            if (Dir.Length > 0) { try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
        }

        // ------------------------------------------------------------------------------------------------

        private static string? CheckAvailable(out string? libvirtd, out string? virsh)
        {
            libvirtd = virsh = null;
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return "needs Linux (libvirtd)";
            if (Posix.GetEuid() != 0) return "needs root to start a private libvirtd";
            libvirtd = Find("libvirtd", "/usr/sbin/libvirtd");
            virsh = Find("virsh", "/usr/bin/virsh");
            if (libvirtd == null) return "libvirtd is not installed (apt-get install libvirt-daemon)";
            if (virsh == null) return "virsh is not installed (apt-get install libvirt-clients)";
            if (Find("certtool", "/usr/bin/certtool") == null) return "certtool is not installed (apt-get install gnutls-bin)";
            if (Find("openssl", "/usr/bin/openssl") == null) return "openssl is not installed";
            return null;
        }

        private static string? Find(string name, string fallback)
        {
            foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(new[] { "/usr/sbin", "/usr/bin" }))
            {
                if (d.Length == 0) continue;
                string p = Path.Combine(d, name);
                if (File.Exists(p)) return p;
            }
            return File.Exists(fallback) ? fallback : null;
        }

        private void MakePki()
        {
            Directory.CreateDirectory(PkiDirRoot);
            void Template(string name, string text) => File.WriteAllText(Pki(name), text);
            void Certtool(params string[] args)
            {
                var r = Run("certtool", args, TimeSpan.FromSeconds(60));
                if (r.ExitCode != 0) throw new InvalidOperationException("certtool " + string.Join(" ", args) + " failed: " + r);
            }
            void Openssl(params string[] args)
            {
                var o = Run("openssl", args, TimeSpan.FromSeconds(60));
                if (o.ExitCode != 0) throw new InvalidOperationException("openssl " + string.Join(" ", args) + " failed: " + o);
            }
            void Key(string file) => Certtool("--generate-privkey", "--key-type", "rsa", "--bits", "2048", "--outfile", Pki(file));
            void Sign(string key, string template, string ca, string cakey, string outFile) =>
                Certtool("--generate-certificate", "--load-privkey", Pki(key), "--load-ca-certificate", Pki(ca), "--load-ca-privkey", Pki(cakey),
                    "--template", Pki(template), "--outfile", Pki(outFile));

            Template("ca.info", "cn = LibvirtPS Test CA\nca\ncert_signing_key\nexpiration_days = 30\n");
            Template("altca.info", "cn = Some Other CA\nca\ncert_signing_key\nexpiration_days = 30\n");
            Template("server.info", "organization = LibvirtPS\ncn = localhost\ndns_name = localhost\ntls_www_server\nencryption_key\nsigning_key\nexpiration_days = 30\n");
            Template("expired.info", "organization = LibvirtPS\ncn = localhost\ndns_name = localhost\ntls_www_server\nencryption_key\nsigning_key\n" +
                                     "activation_date = \"2019-01-01 00:00:00\"\nexpiration_date = \"2020-01-01 00:00:00\"\n");
            Template("client1.info", "country = GB\norganization = LibvirtPS\ncn = client1\ntls_www_client\nencryption_key\nsigning_key\nexpiration_days = 30\n");
            Template("client1ec.info", "country = GB\norganization = LibvirtPS\ncn = client1-ec\ntls_www_client\nencryption_key\nsigning_key\nexpiration_days = 30\n");
            Template("noenc.info", "country = GB\norganization = LibvirtPS\ncn = client1-noenc\ntls_www_client\nsigning_key\nexpiration_days = 30\n");
            Template("intruder.info", "country = GB\norganization = LibvirtPS\ncn = intruder\ntls_www_client\nencryption_key\nsigning_key\nexpiration_days = 30\n");

            Key("cakey.pem");
            Certtool("--generate-self-signed", "--load-privkey", Pki("cakey.pem"), "--template", Pki("ca.info"), "--outfile", Pki("cacert.pem"));
            Key("altcakey.pem");
            Certtool("--generate-self-signed", "--load-privkey", Pki("altcakey.pem"), "--template", Pki("altca.info"), "--outfile", Pki("altcacert.pem"));
            Key("serverkey.pem");
            Sign("serverkey.pem", "server.info", "cacert.pem", "cakey.pem", "servercert.pem");
            Sign("serverkey.pem", "expired.info", "cacert.pem", "cakey.pem", "expiredcert.pem");
            Key("client1key.pem"); // PKCS#1 RSA
            Sign("client1key.pem", "client1.info", "cacert.pem", "cakey.pem", "client1cert.pem");
            Key("intruderkey.pem");
            Sign("intruderkey.pem", "intruder.info", "cacert.pem", "cakey.pem", "intrudercert.pem");
            // PKCS#8 ECDSA P-256 key from openssl
            var r = Run("openssl", new[] { "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", Pki("client1eckey.pem") }, TimeSpan.FromSeconds(30));
            if (r.ExitCode != 0) throw new InvalidOperationException("openssl genpkey failed: " + r);
            // certtool sets keyEncipherment for RSA keys only, and libvirt 9.0 demands it from every client certificate:
            // the accepted ECDSA certificate is made by openssl with an explicit critical key usage
            File.WriteAllText(Pki("client1ec.ext"), "basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = clientAuth\n");
            Openssl("req", "-new", "-key", Pki("client1eckey.pem"), "-subj", "/C=GB/O=LibvirtPS/CN=client1-ec", "-out", Pki("client1ec.csr"));
            Openssl("x509", "-req", "-in", Pki("client1ec.csr"), "-CA", Pki("cacert.pem"), "-CAkey", Pki("cakey.pem"), "-CAcreateserial",
                "-days", "30", "-sha256", "-extfile", Pki("client1ec.ext"), "-out", Pki("client1eccert.pem"));
            // critical key usage without keyEncipherment: libvirt 9.0's sanity check refuses it
            Sign("client1eckey.pem", "noenc.info", "cacert.pem", "cakey.pem", "noenccert.pem");
        }

        private int StartDaemon(string libvirtd, string name, string cert, string key, string extra)
        {
            string d = Path.Combine(Dir, name);
            Directory.CreateDirectory(Path.Combine(d, "run"));
            Directory.CreateDirectory(Path.Combine(d, "drv"));
            Exception? last = null;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                int port = LoopbackPorts.Free();
                File.WriteAllText(Path.Combine(d, "libvirtd.conf"),
                    "unix_sock_dir = \"" + Path.Combine(d, "run") + "\"\n" +
                    "unix_sock_ro_perms = \"0777\"\nunix_sock_rw_perms = \"0770\"\nunix_sock_admin_perms = \"0700\"\n" +
                    "auth_unix_ro = \"none\"\nauth_unix_rw = \"none\"\n" +
                    "listen_tcp = 0\nlisten_tls = 1\ntls_port = \"" + port + "\"\nlisten_addr = \"127.0.0.1\"\nauth_tls = \"none\"\n" +
                    "key_file = \"" + key + "\"\ncert_file = \"" + cert + "\"\nca_file = \"" + Pki("cacert.pem") + "\"\n" +
                    "crl_file = \"" + Path.Combine(d, "no-crl.pem") + "\"\n" +
                    extra +
                    "log_outputs = \"3:file:" + Path.Combine(d, "libvirtd.log") + "\"\n");
                var psi = Psi(libvirtd, new[] { "-f", Path.Combine(d, "libvirtd.conf"), "-p", Path.Combine(d, "run", "pid"), "--listen" });
                psi.Environment["LIBVIRT_DRIVER_DIR"] = Path.Combine(d, "drv");
                psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(d, "run");
                var p = new Process { StartInfo = psi };
                var output = new StringBuilder();
                p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                p.Start();
                _daemons.Add(p);
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
                last = new InvalidOperationException("libvirtd '" + name + "' did not listen on 127.0.0.1:" + port + ": " + why + "\n" + LogTail(name));
                if (!p.HasExited) { Posix.Kill(p.Id, 9); p.WaitForExit(5000); }
            }
            throw last!;
        }

        private ProcessStartInfo Psi(string file, IEnumerable<string> args)
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
            psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
            psi.Environment["LC_ALL"] = "C";
            psi.Environment["LANG"] = "C";
            psi.Environment["HOME"] = HomeDir;
            psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(HomeDir, ".config");
            psi.Environment["XDG_CACHE_HOME"] = Path.Combine(HomeDir, ".cache");
            psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(HomeDir, "run");
            return psi;
        }

        private ProcessResult Run(string file, IEnumerable<string> args, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            using var p = new Process { StartInfo = Psi(file, args) };
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
