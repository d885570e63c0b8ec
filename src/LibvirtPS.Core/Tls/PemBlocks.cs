using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.X509;

namespace LibvirtPS.Core.Tls
{
    /// <summary>A PEM file could not be used; <see cref="Exception.Message"/> is GnuTLS's wording of the reason.</summary>
    internal sealed class PemFormatException : Exception
    {
        internal PemFormatException(string gnutlsReason) : base(gnutlsReason) { }
    }

    /// <summary>PEM reading with GnuTLS's failure reasons (gnutls_strerror texts).</summary>
    internal static class PemBlocks
    {
        internal const string Base64Error = "Base64 decoding error.";
        internal const string DerError = "ASN1 parser: Error in DER parsing.";
        internal const string NoCertificate = "No certificate was found.";
        internal const string DecryptionFailed = "Decryption has failed.";
        internal const string KeyMismatch = "The certificate and the given key do not match.";
        internal const string FileError = "Error while reading file.";

        private static readonly Regex Block = new Regex(
            @"-----BEGIN (?<label>[A-Z0-9 ]+)-----(?<body>.*?)-----END \k<label>-----",
            RegexOptions.Singleline | RegexOptions.CultureInvariant);

        private static IEnumerable<Match> Blocks(string text)
        {
            foreach (Match m in Block.Matches(text)) yield return m;
        }

        private static byte[] Decode(string body)
        {
            var sb = new StringBuilder(body.Length);
            foreach (string line in body.Split('\n'))
            {
                string l = line.Trim();
                if (l.Length == 0 || l.IndexOf(':') >= 0) continue;  // RFC 1421 headers
                sb.Append(l);
            }
            try { return Convert.FromBase64String(sb.ToString()); }
            catch (FormatException) { throw new PemFormatException(Base64Error); }
        }

        /// <summary>All "CERTIFICATE" / "X509 CERTIFICATE" blocks, in file order.</summary>
        internal static List<X509Certificate> Certificates(string text, string noneReason)
        {
            var list = new List<X509Certificate>();
            var parser = new X509CertificateParser();
            foreach (Match m in Blocks(text))
            {
                string label = m.Groups["label"].Value;
                if (label != "CERTIFICATE" && label != "X509 CERTIFICATE") continue;
                byte[] der = Decode(m.Groups["body"].Value);
                X509Certificate? cert;
                try { cert = parser.ReadCertificate(der); }
                catch (Exception) { throw new PemFormatException(DerError); }
                if (cert == null) throw new PemFormatException(DerError);
                list.Add(cert);
            }
            if (list.Count == 0) throw new PemFormatException(noneReason);
            return list;
        }

        internal static List<X509Crl> Crls(string text)
        {
            var list = new List<X509Crl>();
            var parser = new X509CrlParser();
            foreach (Match m in Blocks(text))
            {
                if (m.Groups["label"].Value != "X509 CRL") continue;
                byte[] der = Decode(m.Groups["body"].Value);
                X509Crl? crl;
                try { crl = parser.ReadCrl(der); }
                catch (Exception) { throw new PemFormatException(DerError); }
                if (crl == null) throw new PemFormatException(DerError);
                list.Add(crl);
            }
            if (list.Count == 0) throw new PemFormatException(Base64Error);
            return list;
        }

        /// <summary>The first private key: PKCS#1 RSA, SEC1 EC, DSA, PKCS#8. Encrypted keys fail (libvirt passes no password).</summary>
        internal static AsymmetricKeyParameter PrivateKey(string text)
        {
            foreach (Match m in Blocks(text))
            {
                string label = m.Groups["label"].Value;
                if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal)) continue;
                if (label == "ENCRYPTED PRIVATE KEY" || m.Groups["body"].Value.IndexOf("ENCRYPTED", StringComparison.Ordinal) >= 0)
                    throw new PemFormatException(DecryptionFailed);
                Decode(m.Groups["body"].Value);  // base64 errors first, as GnuTLS
                object? obj;
                try
                {
                    using var reader = new StringReader(m.Value + "\n");
                    obj = new PemReader(reader).ReadObject();
                }
                catch (Exception e) when (e.GetType().Name == "PasswordException") { throw new PemFormatException(DecryptionFailed); }
                catch (Exception) { throw new PemFormatException(DerError); }
                switch (obj)
                {
                    case AsymmetricCipherKeyPair pair: return pair.Private;
                    case AsymmetricKeyParameter key when key.IsPrivate: return key;
                    default: throw new PemFormatException(DerError);
                }
            }
            throw new PemFormatException(Base64Error);
        }

        /// <summary>Whether the private key belongs to the certificate's public key (GnuTLS's key/cert match check).</summary>
        internal static bool KeyMatches(AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey)
        {
            switch (privateKey)
            {
                case Org.BouncyCastle.Crypto.Parameters.RsaPrivateCrtKeyParameters rsa:
                    return publicKey is Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters rp &&
                           rp.Modulus.Equals(rsa.Modulus) && rp.Exponent.Equals(rsa.PublicExponent);
                case Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters rsa:
                    return publicKey is Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters rp2 && rp2.Modulus.Equals(rsa.Modulus);
                case Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters ec:
                {
                    if (!(publicKey is Org.BouncyCastle.Crypto.Parameters.ECPublicKeyParameters ep)) return false;
                    var q = ec.Parameters.G.Multiply(ec.D).Normalize();
                    return q.Equals(ep.Q.Normalize());
                }
                case Org.BouncyCastle.Crypto.Parameters.DsaPrivateKeyParameters dsa:
                {
                    if (!(publicKey is Org.BouncyCastle.Crypto.Parameters.DsaPublicKeyParameters dp)) return false;
                    var p = dsa.Parameters;
                    return p.G.ModPow(dsa.X, p.P).Equals(dp.Y);
                }
                case Org.BouncyCastle.Crypto.Parameters.Ed25519PrivateKeyParameters ed:
                    return publicKey is Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters e2 &&
                           X509Facts.BytesEqual(ed.GeneratePublicKey().GetEncoded(), e2.GetEncoded());
                case Org.BouncyCastle.Crypto.Parameters.Ed448PrivateKeyParameters ed4:
                    return publicKey is Org.BouncyCastle.Crypto.Parameters.Ed448PublicKeyParameters e4 &&
                           X509Facts.BytesEqual(ed4.GeneratePublicKey().GetEncoded(), e4.GetEncoded());
                default:
                    return true;
            }
        }
    }
}
