using System;
using System.Collections.Generic;
using Org.BouncyCastle.Asn1.X509;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;
using X509Crl = Org.BouncyCastle.X509.X509Crl;

namespace LibvirtPS.Core.Tls
{
    /// <summary>GnuTLS's <c>gnutls_certificate_status_t</c> bits (same values).</summary>
    [Flags]
    internal enum GnuTlsCertStatus : uint
    {
        None = 0,
        Invalid = 1u << 1,
        Revoked = 1u << 5,
        SignerNotFound = 1u << 6,
        SignerNotCA = 1u << 7,
        InsecureAlgorithm = 1u << 8,
        NotActivated = 1u << 9,
        Expired = 1u << 10,
        SignatureFailure = 1u << 11,
        SignerConstraintsFailure = 1u << 16,
    }

    /// <summary>
    /// A model of GnuTLS 3.7's chain verification as libvirt uses it (<c>gnutls_certificate_verify_peers2</c> and
    /// <c>gnutls_x509_crt_list_verify</c>): every certificate in the CA file is a trust anchor; the peer chain is
    /// sorted from the leaf, a trailing self-signed certificate is dropped, the chain is cut at the first
    /// certificate the trust list already holds (same name and key; the leaf only when identical), the last
    /// remaining certificate must be issued (by DN) and signed by a trusted certificate, and each link is checked:
    /// issuer is a CA (basicConstraints; a v1 self-signed trust anchor is accepted), issuer's keyUsage (if present)
    /// allows certificate signing, signature valid and not MD2/MD5/SHA-1, issuer and subject within their validity.
    /// The first failing link ends verification, as in GnuTLS. Only when all of this passes are the CRLs consulted
    /// (by issuer DN and serial number) for the certificates of the shortened chain.
    /// Not modelled: pathLenConstraint, name constraints, key-size profiles.
    /// </summary>
    internal static class GnuTlsChainVerifier
    {
        internal static GnuTlsCertStatus Verify(IReadOnlyList<X509Certificate> peerChain, IReadOnlyList<X509Certificate> trusted,
            IReadOnlyList<X509Crl> crls, DateTime utcNow)
        {
            if (peerChain.Count == 0) return GnuTlsCertStatus.Invalid;
            var chain = Sort(peerChain);

            // gnutls_x509_trust_list_verify_crt2 → shorten_clist
            int size = chain.Count;
            if (size > 1 && X509Facts.IsSelfIssued(chain[size - 1])) size--;
            for (int i = 1; i < size; i++)
            {
                if (ContainsIdentical(trusted, chain[i])) { size = i; break; }
            }

            GnuTlsCertStatus status = VerifyStatus(chain, size, trusted, utcNow);
            if (status != GnuTlsCertStatus.None) return status;

            // revocation of each certificate of the (shortened) chain
            for (int i = 0; i < size; i++)
            {
                if (IsRevoked(chain[i], crls))
                    return GnuTlsCertStatus.Revoked | GnuTlsCertStatus.Invalid;
            }
            return GnuTlsCertStatus.None;
        }

        /// <summary>libvirt's wording of a status (<c>virNetTLSContextValidCertificate</c> / <c>…CheckCertPair</c>); the last matching flag wins.</summary>
        internal static string Reason(GnuTlsCertStatus status)
        {
            string reason = "Invalid certificate";
            if ((status & GnuTlsCertStatus.Invalid) != 0) reason = "The certificate is not trusted.";
            if ((status & GnuTlsCertStatus.SignerNotFound) != 0) reason = "The certificate hasn't got a known issuer.";
            if ((status & GnuTlsCertStatus.Revoked) != 0) reason = "The certificate has been revoked.";
            if ((status & GnuTlsCertStatus.InsecureAlgorithm) != 0) reason = "The certificate uses an insecure algorithm";
            return reason;
        }

        private static bool ContainsIdentical(IReadOnlyList<X509Certificate> list, X509Certificate cert)
        {
            foreach (var c in list)
                if (X509Facts.SameCertificate(c, cert)) return true;
            return false;
        }

        /// <summary>_gnutls_sort_clist: follow issuers from the leaf through the other certificates sent; unrelated ones are dropped.</summary>
        private static List<X509Certificate> Sort(IReadOnlyList<X509Certificate> input)
        {
            var result = new List<X509Certificate> { input[0] };
            var used = new bool[input.Count];
            used[0] = true;
            while (true)
            {
                X509Certificate current = result[result.Count - 1];
                if (X509Facts.IsSelfIssued(current)) break;
                int found = -1;
                for (int i = 0; i < input.Count; i++)
                {
                    if (!used[i] && X509Facts.IsIssuedBy(current, input[i])) { found = i; break; }
                }
                if (found < 0) break;
                used[found] = true;
                result.Add(input[found]);
            }
            return result;
        }

        /// <summary>_gnutls_verify_crt_status.</summary>
        private static GnuTlsCertStatus VerifyStatus(List<X509Certificate> chain, int size, IReadOnlyList<X509Certificate> trusted, DateTime now)
        {
            GnuTlsCertStatus status = GnuTlsCertStatus.None;
            for (int i = 0; i < size; i++)
            {
                foreach (var ca in trusted)
                {
                    bool same = i == 0
                        ? X509Facts.SameCertificate(chain[i], ca)
                        : X509Facts.BytesEqual(X509Facts.SubjectDer(chain[i]), X509Facts.SubjectDer(ca)) &&
                          X509Facts.BytesEqual(X509Facts.SpkiDer(chain[i]), X509Facts.SpkiDer(ca));
                    if (!same) continue;
                    status |= TimeStatus(ca, now);  // check_ca_sanity
                    if (status != GnuTlsCertStatus.None) return status;
                    size = i;
                    break;
                }
            }
            if (size == 0) return status;  // the certificate is itself trusted

            GnuTlsCertStatus output = VerifyOne(chain[size - 1], trusted, allowV1Issuer: true, now);
            if (output != GnuTlsCertStatus.None) return status | output | GnuTlsCertStatus.Invalid;

            for (int i = size - 1; i > 0; i--)
            {
                output = VerifyOne(chain[i - 1], new[] { chain[i] }, allowV1Issuer: false, now);
                if (output != GnuTlsCertStatus.None) return status | output | GnuTlsCertStatus.Invalid;
            }
            return status;
        }

        /// <summary>GnuTLS's verify_crt for one certificate against candidate issuers.</summary>
        private static GnuTlsCertStatus VerifyOne(X509Certificate cert, IReadOnlyList<X509Certificate> issuers, bool allowV1Issuer, DateTime now)
        {
            X509Certificate? issuer = FindIssuer(cert, issuers);
            if (issuer == null) return GnuTlsCertStatus.SignerNotFound | GnuTlsCertStatus.Invalid;

            GnuTlsCertStatus output = GnuTlsCertStatus.None;
            bool v1Anchor = allowV1Issuer && issuer.Version == 1;
            if (!v1Anchor)
            {
                if (!IsCA(cert, issuer, allowV1Issuer))
                    output |= GnuTlsCertStatus.SignerNotCA | GnuTlsCertStatus.Invalid;
                int? usage;
                try { usage = X509Facts.KeyUsageBits(issuer, out _); }
                catch (Exception) { usage = 0; output |= GnuTlsCertStatus.Invalid; }
                if (usage.HasValue && (usage.Value & X509Facts.KeyCertSign) == 0)
                    output |= GnuTlsCertStatus.SignerConstraintsFailure | GnuTlsCertStatus.Invalid;
            }

            bool signatureOk;
            try { signatureOk = cert.IsSignatureValid(issuer.GetPublicKey()); }
            catch (Exception) { signatureOk = false; }
            if (!signatureOk)
                output |= GnuTlsCertStatus.SignatureFailure | GnuTlsCertStatus.Invalid;
            else if (IsInsecureSignature(cert.SigAlgOid))
                output |= GnuTlsCertStatus.InsecureAlgorithm | GnuTlsCertStatus.Invalid;

            output |= TimeStatus(issuer, now);
            output |= TimeStatus(cert, now);
            return output;
        }

        private static X509Certificate? FindIssuer(X509Certificate cert, IReadOnlyList<X509Certificate> candidates)
        {
            X509Certificate? first = null;
            foreach (var c in candidates)
            {
                if (!X509Facts.IsIssuedBy(cert, c)) continue;
                first ??= c;
                // among several with the same name, prefer the one whose key verifies the signature
                try { if (cert.IsSignatureValid(c.GetPublicKey())) return c; }
                catch (Exception) { }
            }
            return first;
        }

        /// <summary>check_if_ca.</summary>
        private static bool IsCA(X509Certificate cert, X509Certificate issuer, bool allowV1Issuer)
        {
            if (X509Facts.SameCertificate(cert, issuer)) return true;
            bool? ca;
            try { ca = X509Facts.BasicConstraintsCA(issuer); }
            catch (Exception) { ca = false; }
            if (ca == true) return true;
            // V1 CAs without basicConstraints: only self-signed version 1 trust anchors
            return ca == null && allowV1Issuer && X509Facts.IsSelfIssued(issuer) && issuer.Version == 1;
        }

        internal static GnuTlsCertStatus TimeStatus(X509Certificate cert, DateTime now)
        {
            if (cert.NotBefore > now) return GnuTlsCertStatus.NotActivated | GnuTlsCertStatus.Invalid;
            if (cert.NotAfter < now) return GnuTlsCertStatus.Expired | GnuTlsCertStatus.Invalid;
            return GnuTlsCertStatus.None;
        }

        private static bool IsInsecureSignature(string oid)
        {
            switch (oid)
            {
                case "1.2.840.113549.1.1.2":  // md2WithRSAEncryption
                case "1.2.840.113549.1.1.4":  // md5WithRSAEncryption
                case "1.2.840.113549.1.1.5":  // sha1WithRSAEncryption
                case "1.3.14.3.2.29":         // sha1WithRSA (OIW)
                case "1.2.840.10045.4.1":     // ecdsa-with-SHA1
                case "1.2.840.10040.4.3":     // dsa-with-sha1
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsRevoked(X509Certificate cert, IReadOnlyList<X509Crl> crls)
        {
            byte[] issuer = X509Facts.IssuerDer(cert);
            foreach (var crl in crls)
            {
                if (!X509Facts.BytesEqual(crl.CertificateList.Issuer.GetEncoded(Org.BouncyCastle.Asn1.Asn1Encodable.Der), issuer)) continue;
                if (crl.GetRevokedCertificate(cert.SerialNumber) != null) return true;
            }
            return false;
        }
    }
}
