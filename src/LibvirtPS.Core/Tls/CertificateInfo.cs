using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace LibvirtPS.Core.Tls
{
    /// <summary>A readable summary of a certificate, for diagnostics (Test-LibvirtTls). Never includes key material.</summary>
    public sealed class CertificateInfo
    {
        private CertificateInfo() { }

        /// <summary>Subject DN as GnuTLS/libvirt print it, e.g. <c>C=GB,O=Example,CN=host</c> (certificate order).</summary>
        public string Subject { get; private set; } = "";
        /// <summary>Issuer DN, same format.</summary>
        public string Issuer { get; private set; } = "";
        /// <summary>Start of validity, UTC, ISO 8601 (<c>yyyy-MM-ddTHH:mm:ssZ</c>).</summary>
        public string NotBefore { get; private set; } = "";
        /// <summary>End of validity, UTC, ISO 8601.</summary>
        public string NotAfter { get; private set; } = "";
        public DateTime NotBeforeUtc { get; private set; }
        public DateTime NotAfterUtc { get; private set; }
        /// <summary>subjectAltName entries: <c>DNS:name</c>, <c>IP:address</c>, <c>email:…</c>, <c>URI:…</c>, <c>DirName:…</c>, <c>othername:&lt;oid&gt;</c>.</summary>
        public string[] SubjectAlternativeNames { get; private set; } = Array.Empty<string>();
        /// <summary>keyUsage bits by RFC 5280 name (digitalSignature, keyEncipherment, keyCertSign, …); empty without the extension.</summary>
        public string[] KeyUsage { get; private set; } = Array.Empty<string>();
        public bool KeyUsageCritical { get; private set; }
        /// <summary>Key purposes by name (serverAuth, clientAuth, …) or OID; empty without the extension (any use allowed).</summary>
        public string[] ExtendedKeyUsage { get; private set; } = Array.Empty<string>();
        public bool ExtendedKeyUsageCritical { get; private set; }
        /// <summary>basicConstraints cA flag.</summary>
        public bool IsCA { get; private set; }
        /// <summary>SHA-256 of the DER encoding, uppercase hex without separators.</summary>
        public string Fingerprint { get; private set; } = "";
        /// <summary>Serial number, uppercase hex.</summary>
        public string SerialNumber { get; private set; } = "";
        /// <summary>Signature algorithm name (BouncyCastle's), e.g. SHA-256withRSA.</summary>
        public string SignatureAlgorithm { get; private set; } = "";
        /// <summary>Public key type and size, e.g. <c>RSA 2048</c>, <c>EC P-256</c> (NIST name when there is one).</summary>
        public string PublicKey { get; private set; } = "";

        public override string ToString() => Subject;

        public static CertificateInfo From(X509Certificate cert)
        {
            if (cert == null) throw new ArgumentNullException(nameof(cert));
            var info = new CertificateInfo
            {
                Subject = GnuTlsDn.Format(cert.SubjectDN),
                Issuer = GnuTlsDn.Format(cert.IssuerDN),
                NotBeforeUtc = cert.NotBefore,
                NotAfterUtc = cert.NotAfter,
                NotBefore = cert.NotBefore.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                NotAfter = cert.NotAfter.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                SerialNumber = cert.SerialNumber.ToString(16).ToUpperInvariant(),
                SignatureAlgorithm = SafeSigName(cert),
                PublicKey = DescribeKey(cert),
            };
            using (var sha = SHA256.Create())
                info.Fingerprint = Hex(sha.ComputeHash(cert.GetEncoded()));

            try { info.IsCA = X509Facts.BasicConstraintsCA(cert) == true; } catch (Exception) { }
            try { info.SubjectAlternativeNames = Sans(cert); } catch (Exception) { }
            try
            {
                int? bits = X509Facts.KeyUsageBits(cert, out bool critical);
                info.KeyUsageCritical = critical;
                if (bits.HasValue) info.KeyUsage = UsageNames(bits.Value);
            }
            catch (Exception) { }
            try
            {
                var oids = X509Facts.KeyPurposes(cert, out bool critical);
                info.ExtendedKeyUsageCritical = critical && oids.Count > 0;
                var names = new List<string>();
                foreach (string oid in oids) names.Add(PurposeName(oid));
                info.ExtendedKeyUsage = names.ToArray();
            }
            catch (Exception) { }
            return info;
        }

        private static string SafeSigName(X509Certificate cert)
        {
            try { return cert.SigAlgName; } catch (Exception) { return cert.SigAlgOid; }
        }

        private static string DescribeKey(X509Certificate cert)
        {
            try
            {
                switch (cert.GetPublicKey())
                {
                    case Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters rsa: return "RSA " + rsa.Modulus.BitLength;
                    case Org.BouncyCastle.Crypto.Parameters.ECPublicKeyParameters ec:
                    {
                        string? curve = ec.PublicKeyParamSet != null
                            ? Org.BouncyCastle.Asn1.Nist.NistNamedCurves.GetName(ec.PublicKeyParamSet)
                              ?? Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetName(ec.PublicKeyParamSet) : null;
                        return "EC " + (curve ?? ec.Parameters.Curve.FieldSize.ToString(CultureInfo.InvariantCulture));
                    }
                    case Org.BouncyCastle.Crypto.Parameters.DsaPublicKeyParameters dsa: return "DSA " + dsa.Parameters.P.BitLength;
                    case Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters _: return "Ed25519";
                    case Org.BouncyCastle.Crypto.Parameters.Ed448PublicKeyParameters _: return "Ed448";
                    default: return cert.SubjectPublicKeyInfo.Algorithm.Algorithm.Id;
                }
            }
            catch (Exception) { return ""; }
        }

        private static string[] Sans(X509Certificate cert)
        {
            var list = new List<string>();
            foreach (GeneralName n in X509Facts.SubjectAltNames(cert))
            {
                switch (n.TagNo)
                {
                    case GeneralName.DnsName: list.Add("DNS:" + ((IAsn1String)n.Name).GetString()); break;
                    case GeneralName.Rfc822Name: list.Add("email:" + ((IAsn1String)n.Name).GetString()); break;
                    case GeneralName.UniformResourceIdentifier: list.Add("URI:" + ((IAsn1String)n.Name).GetString()); break;
                    case GeneralName.IPAddress:
                    {
                        byte[] b = Asn1OctetString.GetInstance(n.Name).GetOctets();
                        list.Add("IP:" + (b.Length == 4 || b.Length == 16 ? new IPAddress(b).ToString() : Hex(b)));
                        break;
                    }
                    case GeneralName.DirectoryName: list.Add("DirName:" + GnuTlsDn.Format(X509Name.GetInstance(n.Name))); break;
                    case GeneralName.RegisteredID: list.Add("RID:" + DerObjectIdentifier.GetInstance(n.Name).Id); break;
                    case GeneralName.OtherName:
                    {
                        var seq = Asn1Sequence.GetInstance(n.Name);
                        list.Add("othername:" + DerObjectIdentifier.GetInstance(seq[0]).Id);
                        break;
                    }
                    default: list.Add("tag" + n.TagNo.ToString(CultureInfo.InvariantCulture)); break;
                }
            }
            return list.ToArray();
        }

        private static string[] UsageNames(int bits)
        {
            var names = new List<string>();
            if ((bits & 0x80) != 0) names.Add("digitalSignature");
            if ((bits & 0x40) != 0) names.Add("nonRepudiation");
            if ((bits & 0x20) != 0) names.Add("keyEncipherment");
            if ((bits & 0x10) != 0) names.Add("dataEncipherment");
            if ((bits & 0x08) != 0) names.Add("keyAgreement");
            if ((bits & 0x04) != 0) names.Add("keyCertSign");
            if ((bits & 0x02) != 0) names.Add("cRLSign");
            if ((bits & 0x01) != 0) names.Add("encipherOnly");
            if ((bits & 0x8000) != 0) names.Add("decipherOnly");
            return names.ToArray();
        }

        private static string PurposeName(string oid)
        {
            switch (oid)
            {
                case "1.3.6.1.5.5.7.3.1": return "serverAuth";
                case "1.3.6.1.5.5.7.3.2": return "clientAuth";
                case "1.3.6.1.5.5.7.3.3": return "codeSigning";
                case "1.3.6.1.5.5.7.3.4": return "emailProtection";
                case "1.3.6.1.5.5.7.3.8": return "timeStamping";
                case "1.3.6.1.5.5.7.3.9": return "OCSPSigning";
                case "2.5.29.37.0": return "anyExtendedKeyUsage";
                default: return oid;
            }
        }

        private static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
