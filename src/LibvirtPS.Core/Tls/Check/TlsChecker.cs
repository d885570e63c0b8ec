using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Transports;
using LibvirtPS.Core.Transports.Tls;
using LibvirtPS.Core.Uris;
using BcX509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace LibvirtPS.Core.Tls.Check
{
    /// <summary>
    /// Runs libvirt's TLS client steps one by one for a tls plan and records each as a check with a remedy,
    /// instead of stopping at the first failure as libvirt does. <see cref="LibvirtTlsCheck.Success"/> says
    /// whether libvirt itself would have connected.
    /// </summary>
    public static class TlsChecker
    {
        private const string CertToolClient =
            "certtool --generate-privkey --outfile clientkey.pem; certtool --generate-certificate --load-privkey clientkey.pem " +
            "--load-ca-certificate cacert.pem --load-ca-privkey cakey.pem --template client.info --outfile clientcert.pem " +
            "(client.info: country, organization, cn = <client host>, tls_www_client, encryption_key, signing_key)";

        private const string CertToolServer =
            "on the server: certtool --generate-certificate --load-privkey serverkey.pem --load-ca-certificate cacert.pem " +
            "--load-ca-privkey cakey.pem --template server.info --outfile /etc/pki/libvirt/servercert.pem " +
            "(server.info: organization, cn = <host>, dns_name = <host>, ip_address = <address>, tls_www_server, encryption_key, signing_key), then restart libvirtd";

        public static async Task<LibvirtTlsCheck> RunAsync(ConnectionPlan plan, bool offline, TimeSpan timeout, CancellationToken ct)
        {
            if (plan.Pki == null) throw new ArgumentException("not a tls plan", nameof(plan));
            var pki = plan.Pki;
            var checks = new List<TlsCheckItem>();
            var result = new LibvirtTlsCheck
            {
                Uri = plan.ResolvedUri ?? plan.Uri ?? "",
                Host = plan.Host,
                Port = plan.Port ?? TlsTransport.DefaultPort,
                Offline = offline,
                NoVerify = plan.NoVerify,
                NoSanity = plan.NoSanity,
                TlsPriority = string.IsNullOrEmpty(plan.TlsPriority) ? Transports.Tls.TlsPriority.Default : plan.TlsPriority!,
                CACertificatePath = pki.CACertificate,
                CrlPath = pki.Crl,
                ClientCertificatePath = pki.ClientCertificate,
                ClientKeyPath = pki.ClientKey,
                PkiSource = pki.CASource.ToString(),
                Checks = checks,
            };

            // ---- files
            bool caOk = CheckFile(checks, "CA certificate file", pki.CACertificate, required: true,
                "Copy the CA certificate that signed the daemon's certificate (cacert.pem, made with certtool --generate-self-signed " +
                "--load-privkey cakey.pem --template ca.info --outfile cacert.pem) to " + pki.CACertificate +
                (plan.Parameters.Any(p => p.Name == "pkipath") ? "" : ", or pass -PkiPath <folder with cacert.pem, clientcert.pem, clientkey.pem>") + ".");
            if (File.Exists(pki.Crl)) CheckFile(checks, "CRL file", pki.Crl, required: false, "chmod 644 " + pki.Crl);
            else checks.Add(new TlsCheckItem("CRL file", true, TlsCheckSeverity.Info, "No CRL at " + pki.Crl + " (optional)."));

            bool certExists = File.Exists(pki.ClientCertificate), keyExists = File.Exists(pki.ClientKey);
            if (certExists && keyExists)
            {
                CheckFile(checks, "Client certificate file", pki.ClientCertificate, true, "chmod 644 " + pki.ClientCertificate);
                CheckFile(checks, "Client key file", pki.ClientKey, true,
                    "The key must be readable by the user running the client only: chown <user> " + pki.ClientKey + "; chmod 600 " + pki.ClientKey + ".");
            }
            else
            {
                checks.Add(new TlsCheckItem("Client certificate and key", false, TlsCheckSeverity.Warning,
                    (certExists ? "" : pki.ClientCertificate + " is missing. ") + (keyExists ? "" : pki.ClientKey + " is missing. ") +
                    "No client certificate will be sent; a daemon that verifies clients (tls_no_verify_certificate = 0, the default) drops the connection.",
                    "Create them with " + CertToolClient + " and place them at " + pki.ClientCertificate + " and " + pki.ClientKey + "."));
            }

            // ---- load and sanity checks (libvirt's context creation)
            TlsCredentials? credentials = null;
            if (caOk)
            {
                try
                {
                    credentials = TlsCredentials.Load(pki, false);
                    checks.Add(new TlsCheckItem("Load certificates", true, TlsCheckSeverity.Info,
                        "Loaded " + credentials.CaCertificates.Count + " CA certificate(s)" + (credentials.Crls != null && credentials.Crls.Count > 0 ? ", a CRL" : "") +
                        (credentials.ClientCertificate != null ? " and the client certificate and key." : "; no client certificate.")));
                }
                catch (LibvirtException e)
                {
                    checks.Add(new TlsCheckItem("Load certificates", false, TlsCheckSeverity.Error, e.Message, LoadRemedy(e.Message, pki)));
                }
            }

            if (credentials != null)
            {
                result.CACertificates = credentials.CaCertificates.Select(c => CertificateInfo.From(c)).ToList();
                if (credentials.ClientCertificate != null)
                {
                    result.ClientCertificate = CertificateInfo.From(credentials.ClientCertificate);
                    result.ClientSubject = DistinguishedName(credentials.ClientCertificate);
                    checks.Add(new TlsCheckItem("Client subject DN", true, TlsCheckSeverity.Info,
                        "The daemon sees the client as '" + result.ClientSubject + "'; its tls_allowed_dn_list (if set) must match it."));
                }

                if (plan.NoSanity)
                {
                    checks.Add(new TlsCheckItem("Sanity checks", true, TlsCheckSeverity.Info, "Skipped (no_sanity=1)."));
                }
                else
                {
                    try
                    {
                        var sane = TlsCredentials.Load(pki, true);
                        foreach (var w in sane.Warnings ?? (IEnumerable<string>)Array.Empty<string>())
                            checks.Add(new TlsCheckItem("Sanity checks", false, TlsCheckSeverity.Warning, w, SanityRemedy(w, pki)));
                        checks.Add(new TlsCheckItem("Sanity checks", true, TlsCheckSeverity.Info,
                            "The CA and client certificates pass libvirt's start-up checks (dates, basic constraints, key usage, purpose, chain)."));
                    }
                    catch (LibvirtException e)
                    {
                        checks.Add(new TlsCheckItem("Sanity checks", false, TlsCheckSeverity.Error, e.Message, SanityRemedy(e.Message, pki) + " (Or skip these start-up checks with no_sanity=1.)"));
                    }
                }
            }

            if (offline || credentials == null || checks.Any(c => !c.Passed && c.Severity == TlsCheckSeverity.Error))
            {
                if (!offline)
                    checks.Add(new TlsCheckItem("Connection", false, TlsCheckSeverity.Info,
                        "Not tried: libvirt stops before connecting when its TLS context cannot be built.", "Fix the failed checks above first."));
                return result;
            }

            await LiveAsync(plan, credentials, result, checks, timeout, ct).ConfigureAwait(false);
            return result;
        }

        private static async Task LiveAsync(ConnectionPlan plan, TlsCredentials credentials, LibvirtTlsCheck result, List<TlsCheckItem> checks,
            TimeSpan timeout, CancellationToken ct)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(timeout);
            Socket socket;
            try
            {
                socket = await TcpTransport.ConnectSocketAsync(result.Host, result.Port, timeout, budget.Token).ConfigureAwait(false);
                result.Connected = true;
                checks.Add(new TlsCheckItem("TCP connect", true, TlsCheckSeverity.Info, "Connected to " + result.Host + ":" + result.Port + "."));
            }
            catch (LibvirtException e)
            {
                result.Connected = false;
                checks.Add(new TlsCheckItem("TCP connect", false, TlsCheckSeverity.Error, e.Message,
                    "Check that the daemon listens for TLS: listen_tls = 1 in libvirtd.conf with libvirtd --listen, or systemctl enable --now libvirtd-tls.socket; " +
                    "and that port " + result.Port + "/tcp is open in the firewall."));
                return;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                result.Connected = false;
                checks.Add(new TlsCheckItem("TCP connect", false, TlsCheckSeverity.Error, "No connection within " + timeout.TotalSeconds + " s.",
                    "Check the host name, routing and firewall (port " + result.Port + "/tcp)."));
                return;
            }

            TlsPriority priority;
            try
            {
                priority = Transports.Tls.TlsPriority.Parse(plan.TlsPriority);
                checks.Add(new TlsCheckItem("TLS priority", true, TlsCheckSeverity.Info,
                    result.TlsPriority + ": " + string.Join(", ", priority.Versions) + "; " + priority.Suites.Count + " cipher suites."));
            }
            catch (LibvirtException e)
            {
                socket.Dispose();
                checks.Add(new TlsCheckItem("TLS priority", false, TlsCheckSeverity.Error, e.Message, e.Hint));
                return;
            }

            TlsSession session;
            try
            {
                session = await TlsSession.HandshakeAsync(socket, priority, credentials, budget.Token).ConfigureAwait(false);
            }
            catch (LibvirtException e)
            {
                checks.Add(new TlsCheckItem("TLS handshake", false, TlsCheckSeverity.Error, e.Message, e.Hint));
                return;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                checks.Add(new TlsCheckItem("TLS handshake", false, TlsCheckSeverity.Error, "TLS handshake failed: no answer within " + timeout.TotalSeconds + " s",
                    "Is port " + result.Port + " a TLS listener? libvirtd's plain TCP listener (listen_tcp, 16509) never answers a TLS client hello."));
                return;
            }

            using (session)
            {
                result.ProtocolVersion = session.ProtocolVersion;
                result.CipherSuite = session.CipherSuite;
                result.ServerChain = session.PeerChain.Select(c => CertificateInfo.From(c)).ToList();
                result.ClientCertificateRequested = session.ClientCertificateRequested;
                result.ClientCertificateSent = session.ClientCertificateSent;
                checks.Add(new TlsCheckItem("TLS handshake", true, TlsCheckSeverity.Info,
                    session.ProtocolVersion + ", " + session.CipherSuite + (session.ClientCertificateSent ? ", client certificate sent." :
                        session.ClientCertificateRequested ? ", the daemon asked for a client certificate and none was sent." : ".")));

                var problems = session.CheckServerCertificate(credentials, plan.Host, DateTime.UtcNow);
                result.ServerCertificateProblems = problems;
                if (problems.Count == 0)
                {
                    checks.Add(new TlsCheckItem("Server certificate", true, TlsCheckSeverity.Info,
                        "Valid for '" + plan.Host + "': chains to the CA, dates, key usage, purpose and host name pass libvirt's checks."));
                }
                else
                {
                    string message = (plan.NoVerify ? "Ignored with no_verify=1: " : "authentication failed: Failed to verify peer's certificate: ") + string.Join("; ", problems);
                    checks.Add(new TlsCheckItem("Server certificate", false, plan.NoVerify ? TlsCheckSeverity.Warning : TlsCheckSeverity.Error,
                        message, string.Join(" ", problems.Select(p => ServerRemedy(p, plan, credentials)).Distinct())));
                }

                try
                {
                    int b = await session.ReadConfirmationAsync(budget.Token).ConfigureAwait(false);
                    result.DaemonAcceptedClient = b == 1;
                    if (b == 1)
                    {
                        checks.Add(new TlsCheckItem("Daemon accepted client", true, TlsCheckSeverity.Info, "The daemon sent the confirmation byte."));
                        try { session.DetachStream().Dispose(); } catch (IOException) { }
                    }
                    else
                    {
                        checks.Add(new TlsCheckItem("Daemon accepted client", false, TlsCheckSeverity.Error,
                            "server verification (of our certificate or IP address) failed", ClientRejectedRemedy(result, plan)));
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    result.DaemonAcceptedClient = false;
                    checks.Add(new TlsCheckItem("Daemon accepted client", false, TlsCheckSeverity.Error,
                        "No confirmation byte within " + timeout.TotalSeconds + " s.", "Is this a libvirt daemon? Check its log."));
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    result.DaemonAcceptedClient = false;
                    checks.Add(new TlsCheckItem("Daemon accepted client", false, TlsCheckSeverity.Error,
                        "Unable to read TLS confirmation: Input/output error — the daemon closed the connection after the handshake.",
                        ClientRejectedRemedy(result, plan)));
                }
            }
        }

        private static string ClientRejectedRemedy(LibvirtTlsCheck result, ConnectionPlan plan)
        {
            if (result.ClientCertificateSent != true)
            {
                return "The daemon requires a client certificate and none was sent: create " + plan.Pki!.ClientCertificate + " and " + plan.Pki.ClientKey +
                       " with " + CertToolClient + ".";
            }
            return "The daemon rejected the client certificate: it must be signed by the CA in the daemon's ca_file (default /etc/pki/CA/cacert.pem), " +
                   "and tls_allowed_dn_list in /etc/libvirt/libvirtd.conf (if set) must match '" + result.ClientSubject + "' (add it, or a glob such as '" +
                   GlobFor(result.ClientSubject) + "', and restart libvirtd). The daemon's log names the reason.";
        }

        private static string GlobFor(string? dn)
        {
            if (string.IsNullOrEmpty(dn)) return "*";
            int cn = dn!.IndexOf("CN=", StringComparison.Ordinal);
            return cn >= 0 ? dn.Substring(0, cn) + "CN=*" : dn;
        }

        private static bool CheckFile(List<TlsCheckItem> checks, string name, string path, bool required, string remedy)
        {
            if (!File.Exists(path))
            {
                checks.Add(new TlsCheckItem(name, false, required ? TlsCheckSeverity.Error : TlsCheckSeverity.Warning,
                    name.StartsWith("CA", StringComparison.Ordinal) ? "Cannot read CA certificate '" + path + "': No such file or directory" : path + " is missing.",
                    remedy));
                return false;
            }
            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)) { }
            }
            catch (Exception e) when (e is UnauthorizedAccessException || e is IOException)
            {
                checks.Add(new TlsCheckItem(name, false, TlsCheckSeverity.Error, "Cannot read '" + path + "': " + e.Message,
                    "Give the user running the client read access: chown <user> " + path + " or chmod " + (name.Contains("key") ? "600" : "644") + " " + path + "."));
                return false;
            }
            checks.Add(new TlsCheckItem(name, true, TlsCheckSeverity.Info, path));
            return true;
        }

        private static string LoadRemedy(string message, PkiPaths pki)
        {
            if (message.Contains("CA certificate"))
                return "Make " + pki.CACertificate + " a PEM file with -----BEGIN CERTIFICATE----- blocks (openssl x509 -in ca.der -inform DER -out cacert.pem).";
            if (message.Contains("key and certificate"))
                return "The key and certificate must be PEM and belong together: compare `openssl x509 -noout -pubkey -in " + pki.ClientCertificate +
                       "` with `openssl pkey -pubout -in " + pki.ClientKey + "`; re-issue with " + CertToolClient + ".";
            if (message.Contains("CRL") || message.Contains("revocation"))
                return "Regenerate the CRL: certtool --generate-crl --load-ca-privkey cakey.pem --load-ca-certificate cacert.pem --outfile " + pki.Crl + ".";
            return "Check the PEM files in " + Path.GetDirectoryName(pki.CACertificate) + ".";
        }

        private static string SanityRemedy(string message, PkiPaths pki)
        {
            if (message.Contains("has expired") || message.Contains("not yet active"))
                return message.Contains("CA certificate")
                    ? "Re-issue the CA (certtool --generate-self-signed, expiration_days in ca.info) and every certificate it signed; check the clock (date -u)."
                    : "Re-issue the client certificate (expiration_days in client.info) with " + CertToolClient + "; check the clock (date -u).";
            if (message.Contains("basic constraints"))
                return "CA certificates need `ca` in the certtool template, client certificates must not have it; re-issue with " + CertToolClient + ".";
            if (message.Contains("usage does not permit"))
                return "Re-issue with the key usages libvirt needs: `cert_signing_key` for the CA, `signing_key` and `encryption_key` for the client (" + CertToolClient + ").";
            if (message.Contains("purpose"))
                return "Re-issue the client certificate with `tls_www_client` in the certtool template (" + CertToolClient + ").";
            if (message.Contains("against") || message.Contains("validation"))
                return "The client certificate is not signed by a CA in " + pki.CACertificate + ": re-issue it from that CA (" + CertToolClient + ") or put the right CA in the file.";
            return "See libvirt's TLS setup guide (https://libvirt.org/kbase/tlscerts.html).";
        }

        private static string ServerRemedy(string problem, ConnectionPlan plan, TlsCredentials credentials)
        {
            if (problem.Contains("does not match the hostname"))
                return "Connect with a name the server certificate contains, or re-issue the server certificate with dns_name = " + plan.Host +
                       " (or ip_address for an address) — " + CertToolServer + ". With SANs present the CN is ignored.";
            if (problem.Contains("known issuer") || problem.Contains("not trusted") || problem.Contains("signer"))
                return "The server certificate is not signed by a CA in " + plan.Pki!.CACertificate + ": copy the CA that signed the daemon's servercert.pem " +
                       "(its /etc/pki/CA/cacert.pem) there, or re-issue the server certificate from this CA.";
            if (problem.Contains("has expired") || problem.Contains("not yet active"))
                return "The daemon's certificate is outside its validity period: re-issue it (" + CertToolServer + "); check both clocks (date -u).";
            if (problem.Contains("revoked"))
                return "The CRL " + plan.Pki!.Crl + " revokes the server certificate: issue a new one (" + CertToolServer + ").";
            if (problem.Contains("purpose") || problem.Contains("usage") || problem.Contains("basic constraints"))
                return "Re-issue the server certificate with tls_www_server, signing_key and encryption_key and without ca (" + CertToolServer + ").";
            if (problem.Contains("insecure algorithm"))
                return "Re-issue the server certificate with a SHA-256 (or better) signature.";
            return "Check the daemon's certificate with certtool -i --infile servercert.pem.";
        }

        /// <summary>The DN as GnuTLS's gnutls_x509_crt_get_dn prints it (the form tls_allowed_dn_list matches).</summary>
        internal static string DistinguishedName(BcX509Certificate certificate) => GnuTlsDn.Format(certificate.SubjectDN);
    }
}
