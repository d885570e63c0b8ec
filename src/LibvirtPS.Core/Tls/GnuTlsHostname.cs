using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace LibvirtPS.Core.Tls
{
    /// <summary>
    /// <c>gnutls_x509_crt_check_hostname</c> (GnuTLS 3.7, flags 0): an IPv4/IPv6 literal is first compared with
    /// the iPAddress SANs (exact bytes) and, failing that, falls back to the name rules (GnuTLS tolerates IPs
    /// placed in dNSName/CN). Name rules: any dNSName SAN is compared (case-insensitive, a leading '*' matches
    /// within the leftmost label only and needs at least two labels after it); the CN is used only when the
    /// certificate has neither dNSName nor iPAddress SANs, its key purpose allows a TLS server, and it has exactly one CN.
    /// </summary>
    internal static class GnuTlsHostname
    {
        internal static bool Check(X509Certificate cert, string hostname)
        {
            bool isV6 = hostname.IndexOf(':') >= 0;
            if (isV6 || TryParseIPv4Strict(hostname, out _))
            {
                byte[]? ip = null;
                if (isV6)
                {
                    if (hostname.IndexOf('%') < 0 && IPAddress.TryParse(hostname, out IPAddress? a) && a.AddressFamily == AddressFamily.InterNetworkV6)
                        ip = a.GetAddressBytes();
                }
                else
                {
                    TryParseIPv4Strict(hostname, out ip);
                }
                if (ip != null && CheckIp(cert, ip)) return true;
            }

            string aHost = ToAce(hostname);
            bool foundName = false;
            foreach (GeneralName san in X509Facts.SubjectAltNames(cert))
            {
                if (san.TagNo == GeneralName.DnsName)
                {
                    foundName = true;
                    string dns = ((IAsn1String)san.Name).GetString();
                    if (dns.IndexOf('\0') >= 0 || !X509Facts.IsPrintableAscii(dns)) continue;
                    if (Compare(dns, aHost)) return true;
                }
                else if (san.TagNo == GeneralName.IPAddress)
                {
                    foundName = true;  // RFC 6125: CN only in the absence of DNS and IP names
                }
            }

            if (!foundName && PurposeAllowsServer(cert))
            {
                var cns = X509Facts.CommonNames(cert);
                if (cns.Count != 1) return false;
                string cn = cns[0];
                if (cn.IndexOf('\0') >= 0 || !X509Facts.IsPrintableAscii(cn)) return false;
                return Compare(cn, aHost);
            }
            return false;
        }

        /// <summary>gnutls_x509_crt_check_ip.</summary>
        private static bool CheckIp(X509Certificate cert, byte[] ip)
        {
            foreach (GeneralName san in X509Facts.SubjectAltNames(cert))
            {
                if (san.TagNo != GeneralName.IPAddress) continue;
                byte[] value = Asn1OctetString.GetInstance(san.Name).GetOctets();
                if (X509Facts.BytesEqual(value, ip)) return true;
            }
            return false;
        }

        /// <summary>_gnutls_check_key_purpose(cert, TLS WWW server, no_any = 0), including the obsolete SGC OIDs.</summary>
        private static bool PurposeAllowsServer(X509Certificate cert)
        {
            var oids = X509Facts.KeyPurposes(cert, out _);
            if (oids.Count == 0) return true;
            foreach (string oid in oids)
            {
                if (oid == X509Facts.KpAny || oid == X509Facts.KpServerAuth ||
                    oid == "1.3.6.1.4.1.311.10.3.3" || oid == "2.16.840.1.113730.4.1")
                    return true;
            }
            return false;
        }

        /// <summary>_gnutls_hostname_compare.</summary>
        internal static bool Compare(string certName, string hostname)
        {
            if (!X509Facts.IsPrintableAscii(certName)) return false;
            if (certName.Length > 0 && certName[0] == '*')
            {
                // at least two domain components after the wildcard
                int last = certName.LastIndexOf('.');
                if (last < 0 || certName.IndexOf('.') == last || last == certName.Length - 1) return false;
                string rest = certName.Substring(1);
                for (int h = 0; ; h++)
                {
                    if (hostname.Length - h == rest.Length &&
                        string.Compare(rest, 0, hostname, h, rest.Length, StringComparison.OrdinalIgnoreCase) == 0)
                        return true;
                    // the wildcard only covers (part of) one label
                    if (h >= hostname.Length || hostname[h] == '.') break;
                }
                return false;
            }
            return string.Equals(certName, hostname, StringComparison.OrdinalIgnoreCase);
        }

        private static string ToAce(string hostname)
        {
            foreach (char c in hostname)
            {
                if (c > 0x7e)
                {
                    try { return new IdnMapping().GetAscii(hostname); }
                    catch (ArgumentException) { return hostname; }
                }
            }
            return hostname;
        }

        /// <summary>inet_pton(AF_INET): exactly four decimal parts 0–255, no leading zeros.</summary>
        internal static bool TryParseIPv4Strict(string s, out byte[] bytes)
        {
            bytes = new byte[4];
            string[] parts = s.Split('.');
            if (parts.Length != 4) return false;
            for (int i = 0; i < 4; i++)
            {
                string p = parts[i];
                if (p.Length == 0 || p.Length > 3 || (p.Length > 1 && p[0] == '0')) return false;
                int v = 0;
                foreach (char c in p)
                {
                    if (c < '0' || c > '9') return false;
                    v = v * 10 + (c - '0');
                }
                if (v > 255) return false;
                bytes[i] = (byte)v;
            }
            return true;
        }
    }
}
