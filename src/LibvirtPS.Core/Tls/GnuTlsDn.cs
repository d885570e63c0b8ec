using System.Collections.Generic;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace LibvirtPS.Core.Tls
{
    /// <summary>
    /// A distinguished name as <c>gnutls_x509_crt_get_dn</c> prints it (the string libvirt logs and matches
    /// <c>tls_allowed_dn_list</c> against): RDNs in certificate (ASN.1) order, comma-separated without spaces,
    /// multi-valued RDNs joined with '+', GnuTLS's short attribute names, RFC 4514 escaping, unknown
    /// attributes as <c>OID=#hex</c>.
    /// </summary>
    internal static class GnuTlsDn
    {
        private static readonly Dictionary<string, string> Names = new Dictionary<string, string>
        {
            ["2.5.4.6"] = "C",
            ["2.5.4.11"] = "OU",
            ["2.5.4.10"] = "O",
            ["2.5.4.3"] = "CN",
            ["2.5.4.7"] = "L",
            ["2.5.4.8"] = "ST",
            ["2.5.4.9"] = "street",
            ["2.5.4.17"] = "postalCode",
            ["0.9.2342.19200300.100.1.25"] = "DC",
            ["0.9.2342.19200300.100.1.1"] = "UID",
            ["1.2.840.113549.1.9.1"] = "EMAIL",
            ["2.5.4.12"] = "title",
            ["2.5.4.5"] = "serialNumber",
            ["2.5.4.4"] = "surName",
            ["2.5.4.42"] = "givenName",
            ["2.5.4.43"] = "initials",
            ["2.5.4.44"] = "generationQualifier",
            ["2.5.4.46"] = "dnQualifier",
            ["2.5.4.65"] = "pseudonym",
            ["2.5.4.41"] = "name",
            ["2.5.4.13"] = "description",
            ["2.5.4.15"] = "businessCategory",
            ["2.5.4.16"] = "postalAddress",
            ["2.5.4.97"] = "organizationIdentifier",
            ["1.3.6.1.4.1.311.60.2.1.1"] = "jurisdictionOfIncorporationLocalityName",
            ["1.3.6.1.4.1.311.60.2.1.2"] = "jurisdictionOfIncorporationStateOrProvinceName",
            ["1.3.6.1.4.1.311.60.2.1.3"] = "jurisdictionOfIncorporationCountryName",
        };

        internal static string Format(X509Name name)
        {
            var sb = new StringBuilder();
            var seq = (Asn1Sequence)name.ToAsn1Object();
            bool firstRdn = true;
            foreach (Asn1Encodable rdn in seq)
            {
                if (!firstRdn) sb.Append(',');
                firstRdn = false;
                bool firstAtv = true;
                foreach (Asn1Encodable atv in Asn1Set.GetInstance(rdn))
                {
                    if (!firstAtv) sb.Append('+');
                    firstAtv = false;
                    var pair = Asn1Sequence.GetInstance(atv);
                    string oid = DerObjectIdentifier.GetInstance(pair[0]).Id;
                    Asn1Encodable value = pair[1];
                    if (Names.TryGetValue(oid, out string? shortName) && value is IAsn1String str && !(value is DerBitString))
                    {
                        sb.Append(shortName).Append('=');
                        Escape(sb, str.GetString());
                    }
                    else
                    {
                        sb.Append(shortName ?? oid).Append("=#");
                        foreach (byte b in value.ToAsn1Object().GetEncoded(Asn1Encodable.Der))
                            sb.Append(b.ToString("x2"));
                    }
                }
            }
            return sb.ToString();
        }

        private static void Escape(StringBuilder sb, string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';')
                    sb.Append('\\');
                else if (i == 0 && (c == '#' || c == ' '))
                    sb.Append('\\');
                else if (i == s.Length - 1 && c == ' ')
                    sb.Append('\\');
                sb.Append(c);
            }
        }
    }
}
