using System;
using System.Collections.Generic;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace LibvirtPS.Core.Tls
{
    /// <summary>
    /// The certificate fields libvirt and GnuTLS look at, read the way GnuTLS reads them
    /// (<c>gnutls_x509_crt_get_basic_constraints</c>, <c>_get_key_usage</c>, <c>_get_key_purpose_oid</c>, <c>_get_subject_alt_name</c>).
    /// </summary>
    internal static class X509Facts
    {
        internal const string KpServerAuth = "1.3.6.1.5.5.7.3.1";
        internal const string KpClientAuth = "1.3.6.1.5.5.7.3.2";
        internal const string KpAny = "2.5.29.37.0";

        // GnuTLS's GNUTLS_KEY_* values (identical to BouncyCastle's KeyUsage bits).
        internal const int KeyDigitalSignature = 128;
        internal const int KeyKeyEncipherment = 32;
        internal const int KeyCertSign = 4;

        internal static bool IsCritical(X509Certificate cert, DerObjectIdentifier oid)
        {
            var ext = cert.CertificateStructure.TbsCertificate.Extensions?.GetExtension(oid);
            return ext != null && ext.IsCritical;
        }

        private static Asn1Object? Parsed(X509Certificate cert, DerObjectIdentifier oid)
        {
            Asn1OctetString? raw = cert.GetExtensionValue(oid);
            return raw == null ? null : Asn1Object.FromByteArray(raw.GetOctets());
        }

        /// <summary>null: no basicConstraints extension; else its cA flag. Throws on a malformed extension.</summary>
        internal static bool? BasicConstraintsCA(X509Certificate cert)
        {
            Asn1Object? v = Parsed(cert, X509Extensions.BasicConstraints);
            if (v == null) return null;
            return BasicConstraints.GetInstance(v).IsCA();
        }

        /// <summary>null: no keyUsage extension; else the GnuTLS usage bits. Throws on a malformed extension.</summary>
        internal static int? KeyUsageBits(X509Certificate cert, out bool critical)
        {
            critical = IsCritical(cert, X509Extensions.KeyUsage);
            Asn1Object? v = Parsed(cert, X509Extensions.KeyUsage);
            if (v == null) return null;
            var bits = DerBitString.GetInstance(v);
            byte[] bytes = bits.GetBytes();
            int value = 0;
            // GnuTLS: first octet, then the second octet shifted by 8 (decipherOnly = 1 << 15)
            if (bytes.Length > 0) value |= bytes[0];
            if (bytes.Length > 1) value |= bytes[1] << 8;
            return value;
        }

        /// <summary>The key purpose OIDs (empty list when there is no extension) and whether the extension is critical.</summary>
        internal static IReadOnlyList<string> KeyPurposes(X509Certificate cert, out bool critical)
        {
            critical = IsCritical(cert, X509Extensions.ExtendedKeyUsage);
            Asn1Object? v = Parsed(cert, X509Extensions.ExtendedKeyUsage);
            var list = new List<string>();
            if (v == null) return list;
            foreach (Asn1Encodable e in Asn1Sequence.GetInstance(v))
                list.Add(DerObjectIdentifier.GetInstance(e).Id);
            return list;
        }

        /// <summary>subjectAltName entries in order: (tag, value); dNSName etc. as text, iPAddress as raw bytes.</summary>
        internal static IReadOnlyList<GeneralName> SubjectAltNames(X509Certificate cert)
        {
            var list = new List<GeneralName>();
            Asn1Object? v = Parsed(cert, X509Extensions.SubjectAlternativeName);
            if (v == null) return list;
            foreach (GeneralName n in GeneralNames.GetInstance(v).GetNames())
                list.Add(n);
            return list;
        }

        internal static byte[] SubjectDer(X509Certificate cert) =>
            cert.CertificateStructure.TbsCertificate.Subject.GetEncoded(Asn1Encodable.Der);

        internal static byte[] IssuerDer(X509Certificate cert) =>
            cert.CertificateStructure.TbsCertificate.Issuer.GetEncoded(Asn1Encodable.Der);

        internal static byte[] SpkiDer(X509Certificate cert) =>
            cert.CertificateStructure.TbsCertificate.SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der);

        internal static bool BytesEqual(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return false;
            return true;
        }

        /// <summary>GnuTLS's <c>gnutls_x509_crt_check_issuer</c>: the raw issuer DN of <paramref name="cert"/> equals the raw subject DN of <paramref name="issuer"/>.</summary>
        internal static bool IsIssuedBy(X509Certificate cert, X509Certificate issuer) =>
            BytesEqual(IssuerDer(cert), SubjectDer(issuer));

        internal static bool IsSelfIssued(X509Certificate cert) => BytesEqual(IssuerDer(cert), SubjectDer(cert));

        internal static bool SameCertificate(X509Certificate a, X509Certificate b) => BytesEqual(a.GetEncoded(), b.GetEncoded());

        /// <summary>All values of the commonName attribute, in DN order.</summary>
        internal static IReadOnlyList<string> CommonNames(X509Certificate cert)
        {
            var list = new List<string>();
            var seq = (Asn1Sequence)cert.CertificateStructure.TbsCertificate.Subject.ToAsn1Object();
            foreach (Asn1Encodable rdn in seq)
            {
                foreach (Asn1Encodable atv in Asn1Set.GetInstance(rdn))
                {
                    var pair = Asn1Sequence.GetInstance(atv);
                    if (DerObjectIdentifier.GetInstance(pair[0]).Id == X509Name.CN.Id)
                        list.Add(pair[1] is IAsn1String s ? s.GetString() : "");
                }
            }
            return list;
        }

        internal static bool IsPrintableAscii(string s)
        {
            foreach (char c in s)
                if (c < 0x20 || c > 0x7e) return false;
            return true;
        }
    }
}
