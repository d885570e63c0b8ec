using System;
using System.Collections.Generic;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace LibvirtPS.Core.Tls
{
    /// <summary>
    /// libvirt 9.0's per-certificate checks (<c>virNetTLSContextCheckCertTimes</c>, <c>…BasicConstraints</c>,
    /// <c>…KeyUsage</c>, <c>…KeyPurpose</c>, <c>…CheckCert</c>, <c>…CheckCertPair</c>) with its exact messages.
    /// Each returns null when the check passes (possibly after adding warnings) or libvirt's error text.
    /// </summary>
    internal static class LibvirtCertChecks
    {
        internal static string? Times(X509Certificate cert, string certFile, bool isServer, bool isCA, DateTime now)
        {
            string what = isCA ? "CA" : isServer ? "server" : "client";
            if (cert.NotAfter < now) return $"The {what} certificate {certFile} has expired";
            if (cert.NotBefore > now) return $"The {what} certificate {certFile} is not yet active";
            return null;
        }

        internal static string? BasicConstraints(X509Certificate cert, string certFile, bool isServer, bool isCA)
        {
            bool? ca;
            try { ca = X509Facts.BasicConstraintsCA(cert); }
            catch (Exception) { return $"Unable to query certificate {certFile} basic constraints ASN1 parser: Error in DER parsing."; }
            if (ca == true)
            {
                if (!isCA)
                    return $"The certificate {certFile} basic constraints show a CA, but we need one for a {(isServer ? "server" : "client")}";
            }
            else if (ca == false)
            {
                if (isCA) return $"The certificate {certFile} basic constraints do not show a CA";
            }
            else if (isCA)
            {
                return $"The certificate {certFile} is missing basic constraints for a CA";
            }
            return null;
        }

        internal static string? KeyUsage(X509Certificate cert, string certFile, bool isCA, ICollection<string> warnings)
        {
            int? bits;
            bool critical;
            try { bits = X509Facts.KeyUsageBits(cert, out critical); }
            catch (Exception) { return $"Unable to query certificate {certFile} key usage ASN1 parser: Error in DER parsing."; }
            int usage = bits ?? (isCA ? X509Facts.KeyCertSign : X509Facts.KeyDigitalSignature | X509Facts.KeyKeyEncipherment);

            if (isCA)
            {
                if ((usage & X509Facts.KeyCertSign) == 0)
                {
                    string m = $"Certificate {certFile} usage does not permit certificate signing";
                    if (critical) return m;
                    warnings.Add(m);
                }
            }
            else
            {
                if ((usage & X509Facts.KeyDigitalSignature) == 0)
                {
                    string m = $"Certificate {certFile} usage does not permit digital signature";
                    if (critical) return m;
                    warnings.Add(m);
                }
                if ((usage & X509Facts.KeyKeyEncipherment) == 0)
                {
                    string m = $"Certificate {certFile} usage does not permit key encipherment";
                    if (critical) return m;
                    warnings.Add(m);
                }
            }
            return null;
        }

        internal static string? KeyPurpose(X509Certificate cert, string certFile, bool isServer, ICollection<string> warnings)
        {
            IReadOnlyList<string> oids;
            bool critical;
            try { oids = X509Facts.KeyPurposes(cert, out critical); }
            catch (Exception) { return $"Unable to query certificate {certFile} key purpose ASN1 parser: Error in DER parsing."; }

            bool allowClient = false, allowServer = false;
            if (oids.Count == 0) allowClient = allowServer = true;
            foreach (string oid in oids)
            {
                if (oid == X509Facts.KpServerAuth) allowServer = true;
                else if (oid == X509Facts.KpClientAuth) allowClient = true;
                else if (oid != X509Facts.KpAny) allowServer = allowClient = true;
            }
            // libvirt's "critical" is set only while reading OIDs
            critical = critical && oids.Count > 0;

            bool allowed = isServer ? allowServer : allowClient;
            if (!allowed)
            {
                string m = $"Certificate {certFile} purpose does not allow use for with a TLS {(isServer ? "server" : "client")}";
                if (critical) return m;
                warnings.Add(m);
            }
            return null;
        }

        /// <summary>virNetTLSContextCheckCert: stops at the first failing check.</summary>
        internal static string? Cert(X509Certificate cert, string certFile, bool isServer, bool isCA, DateTime now, ICollection<string> warnings) =>
            Times(cert, certFile, isServer, isCA, now)
            ?? BasicConstraints(cert, certFile, isServer, isCA)
            ?? KeyUsage(cert, certFile, isCA, warnings)
            ?? (isCA ? null : KeyPurpose(cert, certFile, isServer, warnings));

        /// <summary>virNetTLSContextCheckCertPair: our own certificate against the CA list (no CRL).</summary>
        internal static string? Pair(X509Certificate cert, string certFile, IReadOnlyList<X509Certificate> caCerts, string caFile, DateTime now)
        {
            GnuTlsCertStatus status = GnuTlsChainVerifier.Verify(new[] { cert }, caCerts, Array.Empty<Org.BouncyCastle.X509.X509Crl>(), now);
            if (status == GnuTlsCertStatus.None) return null;
            return $"Our own certificate {certFile} failed validation against {caFile}: {GnuTlsChainVerifier.Reason(status)}";
        }
    }
}
