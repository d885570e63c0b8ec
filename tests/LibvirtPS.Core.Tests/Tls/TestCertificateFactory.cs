using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace LibvirtPS.Core.Tests.Tls
{
    public enum TestKeyType { EcP256, Rsa2048 }

    public enum TestKeyFormat { Pkcs1OrSec1, Pkcs8, EncryptedPkcs8 }

    /// <summary>The fields of libvirt's <c>struct testTLSCertReq</c> (tests/virnettlshelpers.h).</summary>
    public sealed class CertSpec
    {
        public string Country { get; set; } = "UK";
        public string? CommonName { get; set; }
        public string[]? ExtraCommonNames { get; set; }
        public string? Organization { get; set; }
        public string[] DnsNames { get; set; } = Array.Empty<string>();
        public string[] IpAddresses { get; set; } = Array.Empty<string>();

        public bool BasicConstraintsEnable { get; set; }
        public bool BasicConstraintsCritical { get; set; }
        public bool BasicConstraintsIsCA { get; set; }

        public bool KeyUsageEnable { get; set; }
        public bool KeyUsageCritical { get; set; }
        public int KeyUsageValue { get; set; }

        public bool KeyPurposeEnable { get; set; }
        public bool KeyPurposeCritical { get; set; }
        public string? KeyPurposeOid1 { get; set; }
        public string? KeyPurposeOid2 { get; set; }

        /// <summary>Offsets from now in hours; an expire of 0 means +24 h (as libvirt's helper).</summary>
        public int StartHours { get; set; }
        public int ExpireHours { get; set; }

        public TestKeyType KeyType { get; set; } = TestKeyType.EcP256;
        /// <summary>Override of the signature algorithm (e.g. SHA1WITHECDSA); default SHA-256.</summary>
        public string? SignatureAlgorithm { get; set; }

        public CertSpec With(Action<CertSpec> change)
        {
            var copy = (CertSpec)MemberwiseClone();
            change(copy);
            return copy;
        }
    }

    public sealed class TestCert
    {
        public TestCert(X509Certificate certificate, AsymmetricKeyParameter privateKey)
        {
            Certificate = certificate;
            PrivateKey = privateKey;
        }

        public X509Certificate Certificate { get; }
        public AsymmetricKeyParameter PrivateKey { get; }
        public BigInteger Serial => Certificate.SerialNumber;
    }

    /// <summary>Generates the certificates of libvirt's TLS test tables with BouncyCastle and writes PEM files.</summary>
    public static class TestCertificateFactory
    {
        public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
        public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
        public const int DigitalSignature = KeyUsage.DigitalSignature;
        public const int KeyEncipherment = KeyUsage.KeyEncipherment;
        public const int KeyCertSign = KeyUsage.KeyCertSign;

        private static readonly SecureRandom Random = new SecureRandom();
        private static long _serial = DateTime.UtcNow.Ticks / 1000;
        private static readonly Lazy<AsymmetricCipherKeyPair> SharedRsa = new Lazy<AsymmetricCipherKeyPair>(() =>
        {
            var g = new RsaKeyPairGenerator();
            g.Init(new KeyGenerationParameters(Random, 2048));
            return g.GenerateKeyPair();
        });

        /// <summary>libvirt's <c>cacertreq</c>: basicConstraints critical CA, keyUsage critical certSign.</summary>
        public static CertSpec CaReq(string cn = "libvirt CA") => new CertSpec
        {
            CommonName = cn,
            BasicConstraintsEnable = true, BasicConstraintsCritical = true, BasicConstraintsIsCA = true,
            KeyUsageEnable = true, KeyUsageCritical = true, KeyUsageValue = KeyCertSign,
        };

        /// <summary>libvirt's <c>servercertreq</c>: BC critical non-CA, KU critical digSig+keyEnc, EKU critical server, CN libvirt.org.</summary>
        public static CertSpec ServerReq(string cn = "libvirt.org") => new CertSpec
        {
            CommonName = cn,
            BasicConstraintsEnable = true, BasicConstraintsCritical = true, BasicConstraintsIsCA = false,
            KeyUsageEnable = true, KeyUsageCritical = true, KeyUsageValue = DigitalSignature | KeyEncipherment,
            KeyPurposeEnable = true, KeyPurposeCritical = true, KeyPurposeOid1 = ServerAuth,
        };

        /// <summary>libvirt's <c>clientcertreq</c>: as the server one with EKU client, CN libvirt.</summary>
        public static CertSpec ClientReq(string cn = "libvirt") => ServerReq(cn).With(s => s.KeyPurposeOid1 = ClientAuth);

        public static AsymmetricCipherKeyPair NewKey(TestKeyType type)
        {
            if (type == TestKeyType.Rsa2048) return SharedRsa.Value;
            var g = new ECKeyPairGenerator();
            g.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, Random));
            return g.GenerateKeyPair();
        }

        /// <summary>Creates a certificate; <paramref name="issuer"/> null makes it self-signed.</summary>
        public static TestCert Create(CertSpec spec, TestCert? issuer = null, AsymmetricCipherKeyPair? key = null)
        {
            key ??= NewKey(spec.KeyType);
            var oids = new List<DerObjectIdentifier> { X509Name.C };
            var values = new List<string> { spec.Country };
            if (spec.Organization != null) { oids.Add(X509Name.O); values.Add(spec.Organization); }
            if (spec.CommonName != null) { oids.Add(X509Name.CN); values.Add(spec.CommonName); }
            foreach (string extra in spec.ExtraCommonNames ?? Array.Empty<string>()) { oids.Add(X509Name.CN); values.Add(extra); }
            var subject = new X509Name(oids, values);

            DateTime now = DateTime.UtcNow;
            now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
            var gen = new X509V3CertificateGenerator();
            gen.SetSerialNumber(BigInteger.ValueOf(Interlocked.Increment(ref _serial)));
            gen.SetSubjectDN(subject);
            gen.SetIssuerDN(issuer?.Certificate.SubjectDN ?? subject);
            gen.SetNotBefore(now.AddHours(spec.StartHours));
            gen.SetNotAfter(now.AddHours(spec.ExpireHours == 0 ? 24 : spec.ExpireHours));
            gen.SetPublicKey(key.Public);

            if (spec.BasicConstraintsEnable)
                gen.AddExtension(X509Extensions.BasicConstraints, spec.BasicConstraintsCritical, new BasicConstraints(spec.BasicConstraintsIsCA));
            if (spec.KeyUsageEnable)
                gen.AddExtension(X509Extensions.KeyUsage, spec.KeyUsageCritical, new KeyUsage(spec.KeyUsageValue));
            if (spec.KeyPurposeEnable)
            {
                var purposes = new List<KeyPurposeID>();
                if (spec.KeyPurposeOid1 != null) purposes.Add(KeyPurpose(spec.KeyPurposeOid1));
                if (spec.KeyPurposeOid2 != null) purposes.Add(KeyPurpose(spec.KeyPurposeOid2));
                gen.AddExtension(X509Extensions.ExtendedKeyUsage, spec.KeyPurposeCritical, new ExtendedKeyUsage(purposes));
            }
            if (spec.DnsNames.Length > 0 || spec.IpAddresses.Length > 0)
            {
                var names = new List<GeneralName>();
                foreach (string d in spec.DnsNames) names.Add(new GeneralName(GeneralName.DnsName, d));
                foreach (string ip in spec.IpAddresses) names.Add(new GeneralName(GeneralName.IPAddress, new DerOctetString(IPAddress.Parse(ip).GetAddressBytes())));
                gen.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names.ToArray()));
            }

            AsymmetricKeyParameter signer = issuer?.PrivateKey ?? key.Private;
            string alg = spec.SignatureAlgorithm ?? (signer is RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA");
            X509Certificate cert = gen.Generate(new Asn1SignatureFactory(alg, signer, Random));
            return new TestCert(cert, key.Private);
        }

        private static KeyPurposeID KeyPurpose(string oid)
        {
            switch (oid)
            {
                case ServerAuth: return KeyPurposeID.id_kp_serverAuth;
                case ClientAuth: return KeyPurposeID.id_kp_clientAuth;
                case "2.5.29.37.0": return KeyPurposeID.AnyExtendedKeyUsage;
                case "1.3.6.1.5.5.7.3.3": return KeyPurposeID.id_kp_codeSigning;
                default: throw new ArgumentException("unsupported purpose " + oid);
            }
        }

        public static string ToPem(params X509Certificate[] certs)
        {
            var sw = new StringWriter();
            var w = new PemWriter(sw);
            foreach (var c in certs) w.WriteObject(c);
            w.Writer.Flush();
            return sw.ToString();
        }

        public static string KeyToPem(AsymmetricKeyParameter key, TestKeyFormat format)
        {
            var sw = new StringWriter();
            var w = new PemWriter(sw);
            switch (format)
            {
                case TestKeyFormat.Pkcs1OrSec1: w.WriteObject(key); break;
                case TestKeyFormat.Pkcs8: w.WriteObject(new Pkcs8Generator(key)); break;
                case TestKeyFormat.EncryptedPkcs8:
                    var g = new Pkcs8Generator(key, Pkcs8Generator.PbeWithShaAnd3KeyTripleDesCbc) { Password = "secret".ToCharArray(), IterationCount = 100 };
                    w.WriteObject(g);
                    break;
            }
            w.Writer.Flush();
            return sw.ToString();
        }

        public static string CrlToPem(TestCert ca, params BigInteger[] revoked)
        {
            var gen = new X509V2CrlGenerator();
            DateTime now = DateTime.UtcNow;
            gen.SetIssuerDN(ca.Certificate.SubjectDN);
            gen.SetThisUpdate(now.AddHours(-1));
            gen.SetNextUpdate(now.AddDays(1));
            foreach (var s in revoked) gen.AddCrlEntry(s, now.AddMinutes(-30), CrlReason.KeyCompromise);
            string alg = ca.PrivateKey is RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA";
            X509Crl crl = gen.Generate(new Asn1SignatureFactory(alg, ca.PrivateKey, Random));
            var sw = new StringWriter();
            var w = new PemWriter(sw);
            w.WriteObject(crl);
            w.Writer.Flush();
            return sw.ToString();
        }
    }

    /// <summary>A temporary folder laid out like a libvirt <c>pkipath</c> directory.</summary>
    public sealed class TempPki : IDisposable
    {
        public TempPki()
        {
            Dir = Path.Combine(Path.GetTempPath(), "lvps-tls-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Dir);
        }

        public string Dir { get; }
        public string CaFile => Path.Combine(Dir, "cacert.pem");
        public string CrlFile => Path.Combine(Dir, "cacrl.pem");
        public string CertFile => Path.Combine(Dir, "clientcert.pem");
        public string KeyFile => Path.Combine(Dir, "clientkey.pem");

        public LibvirtPS.Core.Tls.PkiPaths Paths => new LibvirtPS.Core.Tls.PkiPaths(CaFile, LibvirtPS.Core.Uris.PkiSource.PkiPath,
            CrlFile, LibvirtPS.Core.Uris.PkiSource.PkiPath, CertFile, KeyFile, LibvirtPS.Core.Uris.PkiSource.PkiPath);

        public TempPki WriteCa(params TestCert[] cas)
        {
            var certs = new X509Certificate[cas.Length];
            for (int i = 0; i < cas.Length; i++) certs[i] = cas[i].Certificate;
            File.WriteAllText(CaFile, TestCertificateFactory.ToPem(certs));
            return this;
        }

        public TempPki WriteClient(TestCert cert, TestKeyFormat format = TestKeyFormat.Pkcs1OrSec1, params TestCert[] extraChain)
        {
            var certs = new List<X509Certificate> { cert.Certificate };
            foreach (var e in extraChain) certs.Add(e.Certificate);
            File.WriteAllText(CertFile, TestCertificateFactory.ToPem(certs.ToArray()));
            File.WriteAllText(KeyFile, TestCertificateFactory.KeyToPem(cert.PrivateKey, format));
            return this;
        }

        public TempPki WriteCrl(TestCert ca, params BigInteger[] revoked)
        {
            File.WriteAllText(CrlFile, TestCertificateFactory.CrlToPem(ca, revoked));
            return this;
        }

        public void Dispose()
        {
            try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
