using System;
using System.Collections.Generic;
using Org.BouncyCastle.X509;

namespace LibvirtPS.Core.Tls
{
    /// <summary>The outcome of the post-handshake certificate checks.</summary>
    public sealed class CertificateCheckResult
    {
        internal CertificateCheckResult(IReadOnlyList<string> errors, IReadOnlyList<string> warnings, string? peerDistinguishedName)
        {
            Errors = errors;
            Warnings = warnings;
            PeerDistinguishedName = peerDistinguishedName;
        }

        /// <summary>
        /// libvirt's failure texts, in libvirt's check order. libvirt stops at the first one: <c>Errors[0]</c> is what it
        /// logs (<c>Certificate check failed &lt;text&gt;</c>); later entries are further problems it would not have reached.
        /// </summary>
        public IReadOnlyList<string> Errors { get; }

        /// <summary>libvirt's VIR_WARN texts (non-critical keyUsage / key purpose problems).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>The leaf's DN as GnuTLS prints it (libvirt's <c>x509dname</c>), null without a peer certificate.</summary>
        public string? PeerDistinguishedName { get; }

        public bool IsValid => Errors.Count == 0;
    }

    /// <summary>
    /// libvirt 9.0's <c>virNetTLSContextValidCertificate</c> as run by a client on the server's certificate chain:
    /// GnuTLS chain verification against the CA file and CRLs (<c>Certificate failed validation: …</c>), the time
    /// of every certificate (libvirt's wording: the leaf is called "client certificate [session]", the others
    /// "CA certificate [session]"), then for the leaf the hostname (<c>Certificate [session] owner does not match the
    /// hostname …</c>), basic constraints, key usage and key purpose for a TLS server (fatal only when the extension is
    /// critical; else a warning). On failure libvirt logs the reason and, unless <c>no_verify=1</c>, fails with
    /// <c>authentication failed: Failed to verify peer's certificate</c> (VIR_ERR_AUTH_FAILED) — the caller's job.
    /// </summary>
    public static class ServerCertificateValidator
    {
        /// <summary>libvirt's failure reasons for the server's chain (leaf first); empty when valid.</summary>
        public static IReadOnlyList<string> Validate(IReadOnlyList<X509Certificate> peerChain, TlsCredentials credentials, string hostName, DateTime utcNow) =>
            Check(peerChain, credentials, hostName, utcNow).Errors;

        /// <summary>Errors and warnings of the same checks. <paramref name="hostName"/> null skips the hostname check.</summary>
        public static CertificateCheckResult Check(IReadOnlyList<X509Certificate> peerChain, TlsCredentials credentials, string? hostName, DateTime utcNow)
        {
            if (peerChain == null) throw new ArgumentNullException(nameof(peerChain));
            if (credentials == null) throw new ArgumentNullException(nameof(credentials));
            return GnuTlsKeyChecks.Apply(() =>
                CheckPeer(peerChain, credentials.CaCertificates, credentials.Crls, hostName, localIsServer: false, dnAcl: null, utcNow));
        }

        /// <summary>
        /// The check for either side: a client checks the server (hostname, server purpose); a daemon checks the client
        /// (its <c>tls_allowed_dn_list</c>, client purpose, no hostname).
        /// </summary>
        internal static CertificateCheckResult CheckPeer(IReadOnlyList<X509Certificate> peerChain, IReadOnlyList<X509Certificate> trusted,
            IReadOnlyList<X509Crl> crls, string? hostName, bool localIsServer, IReadOnlyList<string>? dnAcl, DateTime utcNow)
        {
            var errors = new List<string>();
            var warnings = new List<string>();
            if (peerChain.Count == 0)
            {
                errors.Add("Unable to verify TLS peer: No certificate was found.");
                return new CertificateCheckResult(errors, warnings, null);
            }

            GnuTlsCertStatus status = GnuTlsChainVerifier.Verify(peerChain, trusted, crls, utcNow);
            if (status != GnuTlsCertStatus.None)
                errors.Add("Certificate failed validation: " + GnuTlsChainVerifier.Reason(status));

            const string session = "[session]";
            string? dn = null;
            for (int i = 0; i < peerChain.Count; i++)
            {
                X509Certificate cert = peerChain[i];
                Add(errors, LibvirtCertChecks.Times(cert, session, localIsServer, isCA: i > 0, utcNow));
                if (i != 0) continue;

                dn = GnuTlsDn.Format(cert.SubjectDN);
                if (dnAcl != null && !DnAclMatcher.IsAllowed(dnAcl, dn))
                    errors.Add(DnAclMatcher.NotAllowedMessage);
                if (hostName != null && !GnuTlsHostname.Check(cert, hostName))
                    errors.Add($"Certificate {session} owner does not match the hostname {hostName}");
                Add(errors, LibvirtCertChecks.BasicConstraints(cert, session, !localIsServer, isCA: false));
                Add(errors, LibvirtCertChecks.KeyUsage(cert, session, isCA: false, warnings));
                Add(errors, LibvirtCertChecks.KeyPurpose(cert, session, !localIsServer, warnings));
            }
            return new CertificateCheckResult(errors, warnings, dn);
        }

        private static void Add(List<string> errors, string? error)
        {
            if (error != null) errors.Add(error);
        }
    }
}
