using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tls;
using Org.BouncyCastle.Crypto.Parameters;
using Xunit;
using F = LibvirtPS.Core.Tests.Tls.TestCertificateFactory;

namespace LibvirtPS.Core.Tests.Tls
{
    /// <summary>
    /// Loading and start-up sanity checks (libvirt-facts §5.2, §5.3) and every row of libvirt's
    /// tests/virnettlscontexttest.c (§5.6). Server-role rows use the internal Load(isServer: true).
    /// </summary>
    public class TlsCredentialsTests
    {
        private const int Ku = F.DigitalSignature | F.KeyEncipherment;

        private static CertSpec CaSpec(string name) => name switch
        {
            "cacertreq" => F.CaReq(),
            "cacert1" => F.CaReq().With(s => { s.KeyUsageEnable = false; }),
            "cacert2" => F.CaReq().With(s => { s.BasicConstraintsCritical = false; s.KeyUsageEnable = false; }),
            "cacert3" => F.CaReq(),
            "cacert4" => F.CaReq().With(s => { s.KeyUsageCritical = false; s.KeyUsageValue = F.DigitalSignature; }),
            "cacert5" => F.CaReq().With(s => { s.BasicConstraintsEnable = false; s.KeyUsageEnable = false; }),
            "cacert6" => F.CaReq().With(s => { s.KeyUsageCritical = true; s.KeyUsageValue = F.DigitalSignature; }),
            "cacertexp" => F.CaReq().With(s => { s.StartHours = -48; s.ExpireHours = -1; }),
            "cacertnew" => F.CaReq().With(s => { s.StartHours = 1; s.ExpireHours = 2; }),
            _ => throw new ArgumentException(name),
        };

        /// <summary>Leaf variants; "server…" and "client…" differ only by the default purpose.</summary>
        private static CertSpec LeafSpec(bool server, string variant)
        {
            CertSpec d = server ? F.ServerReq() : F.ClientReq();
            string own = server ? F.ServerAuth : F.ClientAuth;
            string other = server ? F.ClientAuth : F.ServerAuth;
            return variant switch
            {
                "default" => d,
                "noKuNoEku" => d.With(s => { s.KeyUsageEnable = false; s.KeyPurposeEnable = false; }),
                "kuCritSignDigEnc" => d.With(s => { s.KeyUsageValue = F.KeyCertSign | Ku; s.KeyPurposeEnable = false; }),
                "kuNonCritCertSignOnly" => d.With(s => { s.KeyUsageCritical = false; s.KeyUsageValue = F.KeyCertSign; s.KeyPurposeEnable = false; }),
                "ekuCritOwn" => d.With(s => { s.KeyUsageEnable = false; s.KeyPurposeCritical = true; s.KeyPurposeOid1 = own; }),
                "ekuNonCritOwn" => d.With(s => { s.KeyUsageEnable = false; s.KeyPurposeCritical = false; s.KeyPurposeOid1 = own; }),
                "ekuCritBoth" => d.With(s => { s.KeyUsageEnable = false; s.KeyPurposeCritical = true; s.KeyPurposeOid1 = F.ClientAuth; s.KeyPurposeOid2 = F.ServerAuth; }),
                "ekuNonCritBoth" => d.With(s => { s.KeyUsageEnable = false; s.KeyPurposeCritical = false; s.KeyPurposeOid1 = F.ClientAuth; s.KeyPurposeOid2 = F.ServerAuth; }),
                "kuCritCertSignOnly" => d.With(s => { s.KeyUsageValue = F.KeyCertSign; s.KeyPurposeEnable = false; }),
                "ekuCritOther" => d.With(s => { s.KeyUsageEnable = false; s.KeyPurposeCritical = true; s.KeyPurposeOid1 = other; }),
                "kuCritEmpty" => d.With(s => { s.KeyUsageValue = 0; s.KeyPurposeEnable = false; }),
                "expired" => d.With(s => { s.StartHours = -48; s.ExpireHours = -1; }),
                "new" => d.With(s => { s.StartHours = 1; s.ExpireHours = 2; }),
                _ => throw new ArgumentException(variant),
            };
        }

        /// <summary>(libvirt name, server role?, CA, leaf variant, expected error with {ca}/{cert} placeholders or null, expected warnings).</summary>
        public static IEnumerable<object?[]> ContextRows() => new[]
        {
            Row("servercertreq", true, "cacertreq", "default", null),
            Row("clientcertreq", false, "cacertreq", "default", null),
            Row("servercert1", true, "cacert1", "default", null),
            Row("servercert2", true, "cacert2", "default", null),
            Row("servercert3", true, "cacert3", "default", null),
            Row("servercert4", true, "cacert4", "default", "Our own certificate {cert} failed validation against {ca}: The certificate is not trusted.",
                "Certificate {ca} usage does not permit certificate signing"),
            Row("servercert5", true, "cacert5", "default", "The certificate {ca} is missing basic constraints for a CA"),
            Row("servercert6", true, "cacert6", "default", "Certificate {ca} usage does not permit certificate signing"),
            Row("servercert7", true, "cacertreq", "noKuNoEku", null),
            Row("servercert8", true, "cacertreq", "kuCritSignDigEnc", null),
            Row("servercert9", true, "cacertreq", "kuNonCritCertSignOnly", null,
                "Certificate {cert} usage does not permit digital signature", "Certificate {cert} usage does not permit key encipherment"),
            Row("servercert10", true, "cacertreq", "ekuCritOwn", null),
            Row("servercert11", true, "cacertreq", "ekuNonCritOwn", null),
            Row("servercert12", true, "cacertreq", "ekuCritBoth", null),
            Row("servercert13", true, "cacertreq", "ekuNonCritBoth", null),
            Row("servercert14", true, "cacertreq", "kuCritCertSignOnly", "Certificate {cert} usage does not permit digital signature"),
            Row("servercert15", true, "cacertreq", "ekuCritOther", "Certificate {cert} purpose does not allow use for with a TLS server"),
            Row("servercert16", true, "cacertreq", "kuCritEmpty", "Certificate {cert} usage does not permit digital signature"),
            Row("clientcert1", false, "cacertreq", "noKuNoEku", null),
            Row("clientcert2", false, "cacertreq", "kuCritSignDigEnc", null),
            Row("clientcert3", false, "cacertreq", "kuNonCritCertSignOnly", null,
                "Certificate {cert} usage does not permit digital signature", "Certificate {cert} usage does not permit key encipherment"),
            Row("clientcert4", false, "cacertreq", "ekuCritOwn", null),
            Row("clientcert5", false, "cacertreq", "ekuNonCritOwn", null),
            Row("clientcert6", false, "cacertreq", "ekuCritBoth", null),
            Row("clientcert7", false, "cacertreq", "ekuNonCritBoth", null),
            Row("clientcert8", false, "cacertreq", "kuCritCertSignOnly", "Certificate {cert} usage does not permit digital signature"),
            Row("clientcert9", false, "cacertreq", "ekuCritOther", "Certificate {cert} purpose does not allow use for with a TLS client"),
            Row("clientcert10", false, "cacertreq", "kuCritEmpty", "Certificate {cert} usage does not permit digital signature"),
            Row("servercertexp", true, "cacertexp", "default", "The CA certificate {ca} has expired"),
            Row("servercertexp1", true, "cacertreq", "expired", "The server certificate {cert} has expired"),
            Row("clientcertexp1", false, "cacertreq", "expired", "The client certificate {cert} has expired"),
            Row("servercertnew", true, "cacertnew", "default", "The CA certificate {ca} is not yet active"),
            Row("servercertnew1", true, "cacertreq", "new", "The server certificate {cert} is not yet active"),
            Row("clientcertnew1", false, "cacertreq", "new", "The client certificate {cert} is not yet active"),
        };

        private static object?[] Row(string name, bool server, string ca, string leaf, string? error, params string[] warnings) =>
            new object?[] { name, server, ca, leaf, error, warnings };

        [Theory]
        [MemberData(nameof(ContextRows))]
        public void VirNetTlsContextTestRow(string name, bool server, string caName, string leafVariant, string? error, string[] warnings)
        {
            var ca = F.Create(CaSpec(caName));
            var leaf = F.Create(LeafSpec(server, leafVariant), ca);
            using var pki = new TempPki().WriteCa(ca).WriteClient(leaf);
            string Fill(string s) => s.Replace("{ca}", pki.CaFile).Replace("{cert}", pki.CertFile);

            if (error == null)
            {
                var creds = TlsCredentials.Load(pki.Paths, sanityChecks: true, isServer: server, DateTime.UtcNow);
                Assert.NotNull(creds.ClientCertificate);
                Assert.Equal(warnings.Select(Fill).ToArray(), creds.Warnings.ToArray());
            }
            else
            {
                var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, sanityChecks: true, isServer: server, DateTime.UtcNow));
                Assert.Equal(Fill(error), e.Detail);
                Assert.Equal(LibvirtErrorCode.SystemError, e.Code);
                Assert.Equal(LibvirtErrorDomain.Rpc, e.Domain);
                Assert.True(name.Length > 0);
            }
            // without the sanity checks every one of these loads
            var loose = TlsCredentials.Load(pki.Paths, sanityChecks: false, isServer: server, DateTime.UtcNow);
            Assert.Empty(loose.Warnings);
        }

        [Fact]
        public void ClientRowsThroughThePublicLoad()
        {
            var ca = F.Create(F.CaReq());
            using (var ok = new TempPki().WriteCa(ca).WriteClient(F.Create(F.ClientReq(), ca)))
                Assert.NotNull(TlsCredentials.Load(ok.Paths, true).ClientKey);
            using var bad = new TempPki().WriteCa(ca).WriteClient(F.Create(LeafSpec(false, "ekuCritOther"), ca));
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(bad.Paths, true));
            Assert.Equal($"Certificate {bad.CertFile} purpose does not allow use for with a TLS client", e.Detail);
            Assert.Equal("Certificate " + bad.CertFile + " purpose does not allow use for with a TLS client", e.Message);
            Assert.NotNull(e.Hint);
        }

        /// <summary>Chain file root+L1a+L1b+L2a: servercertlevel3a (by L2a) and clientcertlevel2b (by L1b).</summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void ChainRows(bool server)
        {
            var root = F.Create(F.CaReq("libvirt root"));
            var l1a = F.Create(F.CaReq("libvirt level 1a"), root);
            var l1b = F.Create(F.CaReq("libvirt level 1b"), root);
            var l2a = F.Create(F.CaReq("libvirt level 2a"), l1a);
            var leaf = server ? F.Create(F.ServerReq(), l2a) : F.Create(F.ClientReq(), l1b);
            using var pki = new TempPki().WriteCa(root, l1a, l1b, l2a).WriteClient(leaf);
            var creds = TlsCredentials.Load(pki.Paths, true, server, DateTime.UtcNow);
            Assert.Equal(4, creds.CaCertificates.Count);
            Assert.Empty(creds.Warnings);
        }

        /// <summary>Row "cacertdoesnotexist.pem / servercertdoesnotexist.pem".</summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void MissingCaFileFailsWithLibvirtsText(bool sanity)
        {
            using var pki = new TempPki();
            var paths = new PkiPaths(Path.Combine(pki.Dir, "cacertdoesnotexist.pem"), LibvirtPS.Core.Uris.PkiSource.PkiPath, pki.CrlFile, LibvirtPS.Core.Uris.PkiSource.PkiPath,
                Path.Combine(pki.Dir, "servercertdoesnotexist.pem"), pki.KeyFile, LibvirtPS.Core.Uris.PkiSource.PkiPath);
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(paths, sanity));
            Assert.Equal($"Cannot read CA certificate '{pki.Dir}/cacertdoesnotexist.pem': No such file or directory", e.Detail);
            Assert.Equal(LibvirtErrorCode.SystemError, e.Code);
        }

        [Fact]
        public void OnlyTheCaFileMeansNoClientCertificate()
        {
            var ca = F.Create(F.CaReq());
            using var pki = new TempPki().WriteCa(ca);
            var creds = TlsCredentials.Load(pki.Paths, true);
            Assert.Null(creds.ClientCertificate);
            Assert.Null(creds.ClientKey);
            Assert.Empty(creds.ClientCertificateChain);
            Assert.Empty(creds.Crls);
        }

        [Fact]
        public void CertificateWithoutKeyIsNotSentButStillSanityChecked()
        {
            var ca = F.Create(F.CaReq());
            using var pki = new TempPki().WriteCa(ca).WriteClient(F.Create(LeafSpec(false, "expired"), ca));
            File.Delete(pki.KeyFile);
            // libvirt checks clientcert.pem whenever it is readable
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"The client certificate {pki.CertFile} has expired", e.Detail);
            var creds = TlsCredentials.Load(pki.Paths, false);
            Assert.Null(creds.ClientCertificate);
        }

        [Fact]
        public void KeyWithoutCertificateIsNotSent()
        {
            var ca = F.Create(F.CaReq());
            using var pki = new TempPki().WriteCa(ca).WriteClient(F.Create(F.ClientReq(), ca));
            File.Delete(pki.CertFile);
            Assert.Null(TlsCredentials.Load(pki.Paths, true).ClientKey);
        }

        [Fact]
        public void ServerRoleRequiresCertificateAndKey()
        {
            var ca = F.Create(F.CaReq());
            using var pki = new TempPki().WriteCa(ca).WriteClient(F.Create(F.ServerReq(), ca));
            File.Delete(pki.KeyFile);
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, false, true, DateTime.UtcNow));
            Assert.Equal($"Cannot read private key '{pki.KeyFile}': No such file or directory", e.Detail);
        }

        [Theory]
        [InlineData(TestKeyType.Rsa2048, TestKeyFormat.Pkcs1OrSec1, "RSA PRIVATE KEY")]
        [InlineData(TestKeyType.Rsa2048, TestKeyFormat.Pkcs8, "BEGIN PRIVATE KEY")]
        [InlineData(TestKeyType.EcP256, TestKeyFormat.Pkcs1OrSec1, "EC PRIVATE KEY")]
        [InlineData(TestKeyType.EcP256, TestKeyFormat.Pkcs8, "BEGIN PRIVATE KEY")]
        public void KeyFormats(TestKeyType type, TestKeyFormat format, string marker)
        {
            var ca = F.Create(F.CaReq());
            var leaf = F.Create(F.ClientReq().With(s => s.KeyType = type), ca);
            using var pki = new TempPki().WriteCa(ca).WriteClient(leaf, format);
            Assert.Contains(marker, File.ReadAllText(pki.KeyFile));
            var creds = TlsCredentials.Load(pki.Paths, true);
            Assert.True(creds.ClientKey!.IsPrivate);
            if (type == TestKeyType.Rsa2048) Assert.IsAssignableFrom<RsaKeyParameters>(creds.ClientKey);
            else Assert.IsType<ECPrivateKeyParameters>(creds.ClientKey);
            Assert.Equal(leaf.Certificate, creds.ClientCertificate);
        }

        [Fact]
        public void ClientChainFileKeepsIntermediates()
        {
            var root = F.Create(F.CaReq("root"));
            var mid = F.Create(F.CaReq("mid"), root);
            var leaf = F.Create(F.ClientReq(), mid);
            using var pki = new TempPki().WriteCa(root).WriteClient(leaf, TestKeyFormat.Pkcs8, mid);
            // sanity off: the pair check only sees the leaf and the CA file (no intermediate) and would fail
            var creds = TlsCredentials.Load(pki.Paths, false);
            Assert.Equal(2, creds.ClientCertificateChain.Count);
            Assert.Equal(leaf.Certificate, creds.ClientCertificate);
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"Our own certificate {pki.CertFile} failed validation against {pki.CaFile}: The certificate hasn't got a known issuer.", e.Detail);
        }

        [Fact]
        public void KeyOfAnotherCertificateIsRejected()
        {
            var ca = F.Create(F.CaReq());
            var leaf = F.Create(F.ClientReq(), ca);
            var other = F.Create(F.ClientReq(), ca);
            using var pki = new TempPki().WriteCa(ca).WriteClient(leaf);
            File.WriteAllText(pki.KeyFile, F.KeyToPem(other.PrivateKey, TestKeyFormat.Pkcs8));
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"Unable to set x509 key and certificate: {pki.KeyFile}, {pki.CertFile}: The certificate and the given key do not match.", e.Detail);
        }

        [Theory]
        [InlineData("garbage", "Base64 decoding error.")]
        [InlineData("-----BEGIN PRIVATE KEY-----\n!!!notbase64!!!\n-----END PRIVATE KEY-----\n", "Base64 decoding error.")]
        [InlineData("-----BEGIN PRIVATE KEY-----\nAAECAwQF\n-----END PRIVATE KEY-----\n", "ASN1 parser: Error in DER parsing.")]
        public void InvalidKeyFile(string content, string reason)
        {
            var ca = F.Create(F.CaReq());
            using var pki = new TempPki().WriteCa(ca).WriteClient(F.Create(F.ClientReq(), ca));
            File.WriteAllText(pki.KeyFile, content);
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"Unable to set x509 key and certificate: {pki.KeyFile}, {pki.CertFile}: {reason}", e.Detail);
        }

        [Fact]
        public void EncryptedKeyFailsWithoutLeakingIt()
        {
            var ca = F.Create(F.CaReq());
            var leaf = F.Create(F.ClientReq(), ca);
            using var pki = new TempPki().WriteCa(ca).WriteClient(leaf, TestKeyFormat.EncryptedPkcs8);
            string keyText = File.ReadAllText(pki.KeyFile);
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"Unable to set x509 key and certificate: {pki.KeyFile}, {pki.CertFile}: Decryption has failed.", e.Detail);
            string body = keyText.Split('\n')[1];
            Assert.DoesNotContain(body, e.Message + e.Hint);
        }

        [Fact]
        public void InvalidClientCertificate()
        {
            var ca = F.Create(F.CaReq());
            using var pki = new TempPki().WriteCa(ca).WriteClient(F.Create(F.ClientReq(), ca));
            File.WriteAllText(pki.CertFile, "not a certificate");
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"Unable to import client certificate {pki.CertFile}", e.Detail);
            e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, false));
            Assert.Equal($"Unable to set x509 key and certificate: {pki.KeyFile}, {pki.CertFile}: Base64 decoding error.", e.Detail);
        }

        [Fact]
        public void InvalidCaFile()
        {
            using var pki = new TempPki();
            File.WriteAllText(pki.CaFile, "no certificates here\n");
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"Unable to import CA certificate list {pki.CaFile}", e.Detail);
            e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, false));
            Assert.Equal($"Unable to set x509 CA certificate: {pki.CaFile}: No certificate was found.", e.Detail);
        }

        [Fact]
        public void CaBundleWithSeveralCertificatesAndText()
        {
            var a = F.Create(F.CaReq("A"));
            var b = F.Create(F.CaReq("B"));
            var leaf = F.Create(F.ClientReq(), b);
            using var pki = new TempPki().WriteClient(leaf);
            File.WriteAllText(pki.CaFile, "# bundle\nsubject=A\n" + F.ToPem(a.Certificate) + "\nsubject=B\n" + F.ToPem(b.Certificate));
            var creds = TlsCredentials.Load(pki.Paths, true);
            Assert.Equal(2, creds.CaCertificates.Count);
            Assert.Equal(b.Certificate, creds.CaCertificates[1]);
        }

        [Fact]
        public void SanityChecksSeeOnlyTheFirst16CaCertificates()
        {
            var cas = Enumerable.Range(0, 17).Select(i => F.Create(F.CaReq("CA " + i))).ToArray();
            var leaf = F.Create(F.ClientReq(), cas[16]);
            using var pki = new TempPki().WriteCa(cas).WriteClient(leaf);
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"Our own certificate {pki.CertFile} failed validation against {pki.CaFile}: The certificate hasn't got a known issuer.", e.Detail);
            Assert.Equal(17, TlsCredentials.Load(pki.Paths, false).CaCertificates.Count);
        }

        [Fact]
        public void SanityChecksReadAtMost64KiB()
        {
            var ca = F.Create(F.CaReq());
            using var pki = new TempPki();
            File.WriteAllText(pki.CaFile, new string('#', 70000) + "\n" + F.ToPem(ca.Certificate));
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"Failed to read file '{pki.CaFile}': File too large", e.Detail);
            Assert.Single(TlsCredentials.Load(pki.Paths, false).CaCertificates);
        }

        [Fact]
        public void CrlIsLoadedWhenPresentAndRevocationIsNotASanityCheck()
        {
            var ca = F.Create(F.CaReq());
            var leaf = F.Create(F.ClientReq(), ca);
            using var pki = new TempPki().WriteCa(ca).WriteClient(leaf).WriteCrl(ca, leaf.Serial);
            var creds = TlsCredentials.Load(pki.Paths, true);  // libvirt's pair check passes no CRL
            Assert.Single(creds.Crls);
            File.WriteAllText(pki.CrlFile, "junk");
            var e = Assert.Throws<LibvirtException>(() => TlsCredentials.Load(pki.Paths, true));
            Assert.Equal($"Unable to set x509 certificate revocation list: {pki.CrlFile}: Base64 decoding error.", e.Detail);
        }

        [Fact]
        public void KeyUsageWarningsAreCollectedForCaToo()
        {
            var ca = F.Create(F.CaReq().With(s => { s.KeyUsageCritical = false; s.KeyUsageValue = KeyUsageCrlSign; }));
            using var pki = new TempPki().WriteCa(ca);
            var creds = TlsCredentials.Load(pki.Paths, true);
            Assert.Equal(new[] { $"Certificate {pki.CaFile} usage does not permit certificate signing" }, creds.Warnings.ToArray());
        }

        private const int KeyUsageCrlSign = 2;
    }
}
