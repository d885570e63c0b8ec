using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using LibvirtPS.Core.Errors;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace LibvirtPS.Core.Tls
{
    /// <summary>
    /// The client's TLS files loaded as libvirt 9.0's <c>virNetTLSContextNew</c> does: first, when asked, the
    /// start-up sanity checks of the files (<c>virNetTLSContextSanityCheckCredentials</c>), then the credentials
    /// (<c>virNetTLSContextLoadCredentials</c>): the CA bundle (mandatory), the CRL (when present) and the client
    /// certificate and key (only when both files exist). Failures are <see cref="LibvirtException"/>s with
    /// libvirt's exact text (<see cref="LibvirtErrorCode.SystemError"/>, <see cref="LibvirtErrorDomain.Rpc"/>);
    /// libvirt's VIR_WARN lines (non-critical extensions) are collected in <see cref="Warnings"/>.
    /// No message ever contains key material.
    /// </summary>
    public sealed class TlsCredentials
    {
        /// <summary>Sanity checks read at most 64 KiB per file (virFileReadAll).</summary>
        internal const int SanityMaxFileSize = 1 << 16;
        /// <summary>Sanity checks look at no more than 16 CA certificates (MAX_CERTS).</summary>
        internal const int SanityMaxCaCerts = 16;

        private TlsCredentials(PkiPaths paths, IReadOnlyList<X509Certificate> ca, IReadOnlyList<X509Crl> crls,
            IReadOnlyList<X509Certificate>? clientChain, AsymmetricKeyParameter? clientKey, IReadOnlyList<string> warnings)
        {
            Paths = paths;
            CaCertificates = ca;
            Crls = crls;
            ClientCertificateChain = clientChain ?? Array.Empty<X509Certificate>();
            ClientCertificate = clientChain != null && clientChain.Count > 0 ? clientChain[0] : null;
            ClientKey = clientKey;
            Warnings = warnings;
        }

        /// <summary>The files these credentials came from.</summary>
        public PkiPaths Paths { get; }

        /// <summary>Every certificate of the CA file, in file order; each one is a trust anchor (as in GnuTLS).</summary>
        public IReadOnlyList<X509Certificate> CaCertificates { get; }

        /// <summary>The revocation lists of the CRL file; empty when there is none.</summary>
        public IReadOnlyList<X509Crl> Crls { get; }

        /// <summary>The client certificate (first certificate of the file), or null when no client certificate is sent.</summary>
        public X509Certificate? ClientCertificate { get; }

        /// <summary>All certificates of the client certificate file (leaf first); send them all in the handshake. Empty without a client certificate.</summary>
        public IReadOnlyList<X509Certificate> ClientCertificateChain { get; }

        /// <summary>The client's private key, or null when no client certificate is sent.</summary>
        public AsymmetricKeyParameter? ClientKey { get; }

        /// <summary>libvirt's warnings from the sanity checks (empty when they were skipped or found nothing).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Loads the client's files; <paramref name="sanityChecks"/> false is libvirt's <c>no_sanity=1</c>.</summary>
        public static TlsCredentials Load(PkiPaths paths, bool sanityChecks) =>
            GnuTlsKeyChecks.Apply(() => Load(paths, sanityChecks, isServer: false, DateTime.UtcNow));

        /// <summary>
        /// The same for either role (a server's own files are checked with the server wording, and its certificate and key are mandatory).
        /// </summary>
        internal static TlsCredentials Load(PkiPaths paths, bool sanityChecks, bool isServer, DateTime utcNow)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            var warnings = new List<string>();
            if (sanityChecks)
                SanityCheck(isServer, paths.CACertificate, paths.ClientCertificate, utcNow, warnings);

            // CA certificate: mandatory
            string caFile = paths.CACertificate;
            if (!File.Exists(caFile))
                throw Error($"Cannot read CA certificate '{caFile}': No such file or directory",
                    "Put the CA certificate (PEM) at that path, or give pkipath=<folder> in the URI with cacert.pem in it.");
            List<X509Certificate> ca;
            try { ca = PemBlocks.Certificates(ReadText(caFile), PemBlocks.NoCertificate); }
            catch (PemFormatException e) { throw Error($"Unable to set x509 CA certificate: {caFile}: {e.Message}", "The CA file must hold PEM certificates (-----BEGIN CERTIFICATE-----)."); }

            // CRL: optional
            IReadOnlyList<X509Crl> crls = Array.Empty<X509Crl>();
            string crlFile = paths.Crl;
            if (!string.IsNullOrEmpty(crlFile) && File.Exists(crlFile))
            {
                try { crls = PemBlocks.Crls(ReadText(crlFile)); }
                catch (PemFormatException e) { throw Error($"Unable to set x509 certificate revocation list: {crlFile}: {e.Message}", "The CRL file must hold PEM CRLs (-----BEGIN X509 CRL-----); remove it if you have none."); }
            }

            // Client certificate and key: a client sends none unless both files exist
            string certFile = paths.ClientCertificate, keyFile = paths.ClientKey;
            List<X509Certificate>? chain = null;
            AsymmetricKeyParameter? key = null;
            if (!string.IsNullOrEmpty(certFile) && !string.IsNullOrEmpty(keyFile))
            {
                bool present = true;
                if (!File.Exists(certFile))
                {
                    if (isServer) throw Error($"Cannot read certificate '{certFile}': No such file or directory", null);
                    present = false;
                }
                if (present && !File.Exists(keyFile))
                {
                    if (isServer) throw Error($"Cannot read private key '{keyFile}': No such file or directory", null);
                    present = false;
                }
                if (present)
                {
                    try
                    {
                        key = PemBlocks.PrivateKey(ReadText(keyFile));
                        chain = PemBlocks.Certificates(ReadText(certFile), PemBlocks.Base64Error);
                        if (!PemBlocks.KeyMatches(key, chain[0].GetPublicKey()))
                            throw new PemFormatException(PemBlocks.KeyMismatch);
                    }
                    catch (PemFormatException e)
                    {
                        throw Error($"Unable to set x509 key and certificate: {keyFile}, {certFile}: {e.Message}",
                            "The key must be an unencrypted PEM private key (PKCS#1 RSA, SEC1 EC or PKCS#8) that belongs to the certificate.");
                    }
                }
            }

            return new TlsCredentials(paths, ca, crls, chain, key, warnings);
        }

        /// <summary>virNetTLSContextSanityCheckCredentials; throws at the first fatal problem.</summary>
        private static void SanityCheck(bool isServer, string caFile, string certFile, DateTime now, List<string> warnings)
        {
            X509Certificate? cert = null;
            if (!string.IsNullOrEmpty(certFile) && TryReadLimited(certFile, out string? certText))
            {
                try { cert = PemBlocks.Certificates(certText!, PemBlocks.Base64Error)[0]; }
                catch (PemFormatException)
                {
                    throw Error($"Unable to import {(isServer ? "server" : "client")} certificate {certFile}", "The file must hold a PEM certificate (-----BEGIN CERTIFICATE-----).");
                }
            }

            List<X509Certificate> caCerts = new List<X509Certificate>();
            if (TryReadLimited(caFile, out string? caText))
            {
                try { caCerts = PemBlocks.Certificates(caText!, PemBlocks.NoCertificate); }
                catch (PemFormatException) { throw Error($"Unable to import CA certificate list {caFile}", "The CA file must hold PEM certificates (-----BEGIN CERTIFICATE-----)."); }
                if (caCerts.Count > SanityMaxCaCerts) caCerts = caCerts.GetRange(0, SanityMaxCaCerts);
            }

            if (cert != null)
            {
                string? m = LibvirtCertChecks.Cert(cert, certFile, isServer, isCA: false, now, warnings);
                if (m != null) throw Error(m, SanityHint);
            }
            foreach (var ca in caCerts)
            {
                string? m = LibvirtCertChecks.Cert(ca, caFile, isServer, isCA: true, now, warnings);
                if (m != null) throw Error(m, SanityHint);
            }
            if (cert != null && caCerts.Count > 0)
            {
                string? m = LibvirtCertChecks.Pair(cert, certFile, caCerts, caFile, now);
                if (m != null) throw Error(m, SanityHint);
            }
        }

        private const string SanityHint = "Fix or reissue the certificate, or skip these start-up checks with no_sanity=1 in the URI.";

        /// <summary>access(R_OK) then virFileReadAll(path, 64 KiB): false when unreadable (the check is skipped), an error when too large.</summary>
        private static bool TryReadLimited(string path, out string? text)
        {
            text = null;
            byte[] data;
            try
            {
                if (!File.Exists(path)) return false;
                data = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
            if (data.Length > SanityMaxFileSize)
                throw Error($"Failed to read file '{path}': File too large", "libvirt's start-up checks read at most 64 KiB per file; use no_sanity=1 or a smaller file.");
            text = Encoding.UTF8.GetString(data);
            return true;
        }

        private static string ReadText(string path)
        {
            try { return Encoding.UTF8.GetString(File.ReadAllBytes(path)); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new PemFormatException(PemBlocks.FileError);
            }
        }

        internal static LibvirtException Error(string detail, string? hint) =>
            new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc, detail) { Hint = hint };
    }
}
