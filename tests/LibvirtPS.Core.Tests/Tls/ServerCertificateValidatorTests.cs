using System;
using System.Collections.Generic;
using System.Linq;
using LibvirtPS.Core.Tls;
using Org.BouncyCastle.X509;
using Xunit;
using F = LibvirtPS.Core.Tests.Tls.TestCertificateFactory;

namespace LibvirtPS.Core.Tests.Tls
{
    /// <summary>
    /// Post-handshake checks (libvirt-facts §5.5) and every row of libvirt's tests/virnettlssessiontest.c (§5.7):
    /// the client side through <see cref="ServerCertificateValidator"/>, the daemon side (client certificate, DN ACL)
    /// through the internal CheckPeer with the server role.
    /// </summary>
    public class ServerCertificateValidatorTests
    {
        private static readonly Lazy<Pki> Shared = new Lazy<Pki>(() => new Pki());

        private sealed class Pki
        {
            public readonly TestCert Ca = F.Create(F.CaReq());
            public readonly TestCert AltCa = F.Create(F.CaReq("libvirt CA 1"));
            public readonly TestCert Server, Client, ClientAlt, ServerAlt1, ServerAlt2;
            public readonly TestCert Root, L1a, L1b, L2a, ServerLevel3a, ClientLevel2b;

            public Pki()
            {
                Server = F.Create(F.ServerReq(), Ca);
                Client = F.Create(F.ClientReq(), Ca);
                ClientAlt = F.Create(F.ClientReq(), AltCa);
                ServerAlt1 = F.Create(F.ServerReq().With(s =>
                {
                    s.DnsNames = new[] { "www.libvirt.org", "libvirt.org" };
                    s.IpAddresses = new[] { "192.168.122.1", "fec0::dead:beaf" };
                }), Ca);
                ServerAlt2 = F.Create(F.ServerReq().With(s =>
                {
                    s.DnsNames = new[] { "www.libvirt.org", "wiki.libvirt.org" };
                    s.IpAddresses = new[] { "192.168.122.1", "fec0::dead:beaf" };
                }), Ca);
                Root = F.Create(F.CaReq("libvirt root"));
                L1a = F.Create(F.CaReq("libvirt level 1a"), Root);
                L1b = F.Create(F.CaReq("libvirt level 1b"), Root);
                L2a = F.Create(F.CaReq("libvirt level 2a"), L1a);
                ServerLevel3a = F.Create(F.ServerReq(), L2a);
                ClientLevel2b = F.Create(F.ClientReq(), L1b);
            }

            public TestCert Get(string name) => name switch
            {
                "cacert" => Ca, "altcacert" => AltCa, "servercert" => Server, "clientcert" => Client,
                "clientcertalt" => ClientAlt, "servercertalt1" => ServerAlt1, "servercertalt2" => ServerAlt2,
                "servercertlevel3a" => ServerLevel3a, "clientcertlevel2b" => ClientLevel2b,
                _ => throw new ArgumentException(name),
            };

            public TestCert[] Cas(string name) => name == "chain" ? new[] { Root, L1a, L1b, L2a } : new[] { Get(name) };
        }

        private static TlsCredentials ClientCredentials(params TestCert[] cas)
        {
            using var pki = new TempPki().WriteCa(cas);
            return TlsCredentials.Load(pki.Paths, sanityChecks: false);
        }

        private static IReadOnlyList<X509Certificate> Chain(params TestCert[] certs) => certs.Select(c => c.Certificate).ToList();

        /// <summary>serverCA, clientCA, server cert, client cert, hostname, server fails?, client fails?, DN ACL ("|"-separated).</summary>
        [Theory]
        [InlineData("cacert", "cacert", "servercert", "clientcert", "libvirt.org", false, false, null)]
        [InlineData("cacert", "altcacert", "servercert", "clientcertalt", "libvirt.org", true, true, null)]
        [InlineData("cacert", "cacert", "servercertalt1", "clientcert", "libvirt.org", false, false, null)]
        [InlineData("cacert", "cacert", "servercertalt1", "clientcert", "www.libvirt.org", false, false, null)]
        [InlineData("cacert", "cacert", "servercertalt1", "clientcert", "wiki.libvirt.org", false, true, null)]
        [InlineData("cacert", "cacert", "servercertalt2", "clientcert", "libvirt.org", false, true, null)]
        [InlineData("cacert", "cacert", "servercertalt2", "clientcert", "www.libvirt.org", false, false, null)]
        [InlineData("cacert", "cacert", "servercertalt2", "clientcert", "wiki.libvirt.org", false, false, null)]
        [InlineData("cacert", "cacert", "servercert", "clientcert", "libvirt.org", true, false, "C=UK,CN=dogfood")]
        [InlineData("cacert", "cacert", "servercert", "clientcert", "libvirt.org", false, false, "C=UK,CN=libvirt")]
        [InlineData("cacert", "cacert", "servercert", "clientcert", "libvirt.org", false, false, "C=UK,CN=dogfood|C=UK,CN=libvirt")]
        [InlineData("cacert", "cacert", "servercert", "clientcert", "libvirt.org", true, false, "C=UK,CN=libvirtstuff")]
        [InlineData("cacert", "cacert", "servercert", "clientcert", "libvirt.org", false, false, "C=UK,CN=libvirt*")]
        [InlineData("cacert", "cacert", "servercert", "clientcert", "libvirt.org", false, false, "C=UK,CN=*virt*")]
        [InlineData("chain", "chain", "servercertlevel3a", "clientcertlevel2b", "libvirt.org", false, false, null)]
        public void VirNetTlsSessionTestRow(string serverCa, string clientCa, string serverCert, string clientCert, string host,
            bool serverFails, bool clientFails, string? acl)
        {
            var p = Shared.Value;
            DateTime now = DateTime.UtcNow;

            // client side: the server's certificate against the client's CA file
            var creds = ClientCredentials(p.Cas(clientCa));
            var clientResult = ServerCertificateValidator.Check(Chain(p.Get(serverCert)), creds, host, now);
            Assert.Equal(clientFails, !clientResult.IsValid);
            Assert.Equal(clientResult.Errors, ServerCertificateValidator.Validate(Chain(p.Get(serverCert)), creds, host, now));
            Assert.Empty(clientResult.Warnings);
            if (clientFails)
            {
                string expected = clientCa != serverCa
                    ? "Certificate failed validation: The certificate hasn't got a known issuer."
                    : "Certificate [session] owner does not match the hostname " + host;
                Assert.Equal(expected, clientResult.Errors[0]);
            }

            // daemon side: the client's certificate against the server's CA file and its tls_allowed_dn_list
            var serverResult = ServerCertificateValidator.CheckPeer(Chain(p.Get(clientCert)), p.Cas(serverCa).Select(c => c.Certificate).ToList(),
                Array.Empty<X509Crl>(), null, localIsServer: true, acl?.Split('|'), now);
            Assert.Equal(serverFails, !serverResult.IsValid);
            Assert.Equal("C=UK,CN=libvirt", serverResult.PeerDistinguishedName);
            if (serverFails && acl != null)
                Assert.Equal(new[] { DnAclMatcher.NotAllowedMessage }, serverResult.Errors.ToArray());
        }

        [Theory]
        [InlineData("192.168.122.1", true)]
        [InlineData("fec0::dead:beaf", true)]
        [InlineData("FEC0:0:0:0:0:0:DEAD:BEAF", true)]
        [InlineData("192.168.122.2", false)]
        [InlineData("::1", false)]
        [InlineData("WWW.LIBVIRT.ORG", true)]
        [InlineData("libvirt.org.", false)]
        public void IpAndCaseRules(string host, bool ok)
        {
            var p = Shared.Value;
            var creds = ClientCredentials(p.Ca);
            Assert.Equal(ok, ServerCertificateValidator.Validate(Chain(p.ServerAlt1), creds, host, DateTime.UtcNow).Count == 0);
        }

        [Fact]
        public void IpLiteralInCommonNameMatchesWithoutSans()
        {
            var ca = Shared.Value.Ca;
            var cert = F.Create(F.ServerReq("127.0.0.1"), ca);
            var creds = ClientCredentials(ca);
            Assert.Empty(ServerCertificateValidator.Validate(Chain(cert), creds, "127.0.0.1", DateTime.UtcNow));
            Assert.Equal(new[] { "Certificate [session] owner does not match the hostname localhost" },
                ServerCertificateValidator.Validate(Chain(cert), creds, "localhost", DateTime.UtcNow).ToArray());
        }

        [Fact]
        public void IpSanHidesTheCommonName()
        {
            var ca = Shared.Value.Ca;
            var cert = F.Create(F.ServerReq("localhost").With(s => s.IpAddresses = new[] { "127.0.0.1" }), ca);
            var creds = ClientCredentials(ca);
            Assert.Empty(ServerCertificateValidator.Validate(Chain(cert), creds, "127.0.0.1", DateTime.UtcNow));
            Assert.NotEmpty(ServerCertificateValidator.Validate(Chain(cert), creds, "localhost", DateTime.UtcNow));
        }

        [Theory]
        [InlineData("*.libvirt.org", "www.libvirt.org", true)]
        [InlineData("*.libvirt.org", "WWW.Libvirt.ORG", true)]
        [InlineData("*.libvirt.org", "libvirt.org", false)]
        [InlineData("*.libvirt.org", "a.b.libvirt.org", false)]
        [InlineData("*.org", "libvirt.org", false)]
        [InlineData("*", "libvirt.org", false)]
        [InlineData("www.*.org", "www.libvirt.org", false)]
        [InlineData("*virt.org", "libvirt.org", false)]
        [InlineData("*w.libvirt.org", "www.libvirt.org", true)]
        public void WildcardsAsGnuTls(string san, string host, bool ok)
        {
            var ca = Shared.Value.Ca;
            var cert = F.Create(F.ServerReq("ignored.example").With(s => s.DnsNames = new[] { san }), ca);
            var errors = ServerCertificateValidator.Validate(Chain(cert), ClientCredentials(ca), host, DateTime.UtcNow);
            Assert.Equal(ok, errors.Count == 0);
        }

        [Fact]
        public void CommonNameIsUsedOnlyWhenThePurposeAllowsAServerAndThereIsOneCn()
        {
            var ca = Shared.Value.Ca;
            var creds = ClientCredentials(ca);
            var twoCns = F.Create(F.ServerReq().With(s => s.ExtraCommonNames = new[] { "other" }), ca);
            Assert.Equal(new[] { "Certificate [session] owner does not match the hostname libvirt.org" },
                ServerCertificateValidator.Validate(Chain(twoCns), creds, "libvirt.org", DateTime.UtcNow).ToArray());

            var clientPurpose = F.Create(F.ServerReq().With(s => { s.KeyPurposeCritical = false; s.KeyPurposeOid1 = F.ClientAuth; }), ca);
            var r = ServerCertificateValidator.Check(Chain(clientPurpose), creds, "libvirt.org", DateTime.UtcNow);
            Assert.Equal(new[] { "Certificate [session] owner does not match the hostname libvirt.org" }, r.Errors.ToArray());
            Assert.Equal(new[] { "Certificate [session] purpose does not allow use for with a TLS server" }, r.Warnings.ToArray());
        }

        [Fact]
        public void NullHostSkipsTheHostnameCheck()
        {
            var p = Shared.Value;
            Assert.True(ServerCertificateValidator.Check(Chain(p.Server), ClientCredentials(p.Ca), null, DateTime.UtcNow).IsValid);
        }

        [Fact]
        public void ExpiredAndNotYetValidServerCertificates()
        {
            var ca = Shared.Value.Ca;
            var creds = ClientCredentials(ca);
            var expired = F.Create(F.ServerReq().With(s => { s.StartHours = -48; s.ExpireHours = -1; }), ca);
            var errors = ServerCertificateValidator.Validate(Chain(expired), creds, "libvirt.org", DateTime.UtcNow);
            Assert.Equal(new[] { "Certificate failed validation: The certificate is not trusted.", "The client certificate [session] has expired" }, errors.ToArray());

            var fresh = F.Create(F.ServerReq().With(s => { s.StartHours = 1; s.ExpireHours = 2; }), ca);
            errors = ServerCertificateValidator.Validate(Chain(fresh), creds, "libvirt.org", DateTime.UtcNow);
            Assert.Equal(new[] { "Certificate failed validation: The certificate is not trusted.", "The client certificate [session] is not yet active" }, errors.ToArray());

            // the same certificate is fine at a time inside its validity
            Assert.Empty(ServerCertificateValidator.Validate(Chain(fresh), creds, "libvirt.org", DateTime.UtcNow.AddMinutes(90)));
        }

        [Fact]
        public void ExpiredIntermediateUsesTheCaWording()
        {
            var root = F.Create(F.CaReq("r"));
            var mid = F.Create(F.CaReq("m").With(s => { s.StartHours = -48; s.ExpireHours = -1; }), root);
            var leaf = F.Create(F.ServerReq(), mid);
            var errors = ServerCertificateValidator.Validate(Chain(leaf, mid), ClientCredentials(root), "libvirt.org", DateTime.UtcNow);
            Assert.Equal(new[] { "Certificate failed validation: The certificate is not trusted.", "The CA certificate [session] has expired" }, errors.ToArray());
        }

        [Fact]
        public void RevokedServerCertificate()
        {
            var ca = F.Create(F.CaReq());
            var server = F.Create(F.ServerReq(), ca);
            var other = F.Create(F.ServerReq(), ca);
            using var pki = new TempPki().WriteCa(ca).WriteCrl(ca, server.Serial);
            var creds = TlsCredentials.Load(pki.Paths, true);
            Assert.Equal(new[] { "Certificate failed validation: The certificate has been revoked." },
                ServerCertificateValidator.Validate(Chain(server), creds, "libvirt.org", DateTime.UtcNow).ToArray());
            Assert.Empty(ServerCertificateValidator.Validate(Chain(other), creds, "libvirt.org", DateTime.UtcNow));
        }

        [Fact]
        public void RevokedIntermediateSentByTheServer()
        {
            var root = F.Create(F.CaReq("r"));
            var mid = F.Create(F.CaReq("m"), root);
            var leaf = F.Create(F.ServerReq(), mid);
            using var pki = new TempPki().WriteCa(root).WriteCrl(root, mid.Serial);
            var creds = TlsCredentials.Load(pki.Paths, true);
            Assert.Equal("Certificate failed validation: The certificate has been revoked.",
                ServerCertificateValidator.Validate(Chain(leaf, mid), creds, "libvirt.org", DateTime.UtcNow)[0]);
        }

        [Fact]
        public void ChainSentByTheServerWithOnlyTheRootTrusted()
        {
            var p = Shared.Value;
            var creds = ClientCredentials(p.Root);
            var now = DateTime.UtcNow;
            Assert.Empty(ServerCertificateValidator.Validate(Chain(p.ServerLevel3a, p.L2a, p.L1a), creds, "libvirt.org", now));
            // unordered, with an unrelated certificate and the root itself: GnuTLS sorts and drops them
            Assert.Empty(ServerCertificateValidator.Validate(Chain(p.ServerLevel3a, p.L1a, p.L1b, p.Root, p.L2a), creds, "libvirt.org", now));
            // missing intermediate
            Assert.Equal(new[] { "Certificate failed validation: The certificate hasn't got a known issuer." },
                ServerCertificateValidator.Validate(Chain(p.ServerLevel3a, p.L1a), creds, "libvirt.org", now).ToArray());
        }

        [Fact]
        public void IssuerThatIsNotACaIsNotTrusted()
        {
            var ca = F.Create(F.CaReq());
            var notCa = F.Create(F.ServerReq("sub"), ca);
            var leaf = F.Create(F.ServerReq(), notCa);
            var errors = ServerCertificateValidator.Validate(Chain(leaf, notCa), ClientCredentials(ca), "libvirt.org", DateTime.UtcNow);
            Assert.Equal(new[] { "Certificate failed validation: The certificate is not trusted." }, errors.ToArray());
        }

        [Fact]
        public void ForgedSignatureIsNotTrusted()
        {
            var ca = F.Create(F.CaReq());
            var impostor = F.Create(F.CaReq());  // same name, other key
            var leaf = F.Create(F.ServerReq(), impostor);
            var errors = ServerCertificateValidator.Validate(Chain(leaf), ClientCredentials(ca), "libvirt.org", DateTime.UtcNow);
            Assert.Equal(new[] { "Certificate failed validation: The certificate is not trusted." }, errors.ToArray());
        }

        [Fact]
        public void Sha1SignatureIsInsecure()
        {
            var ca = F.Create(F.CaReq());
            var leaf = F.Create(F.ServerReq().With(s => s.SignatureAlgorithm = "SHA1WITHECDSA"), ca);
            Assert.Equal(new[] { "Certificate failed validation: The certificate uses an insecure algorithm" },
                ServerCertificateValidator.Validate(Chain(leaf), ClientCredentials(ca), "libvirt.org", DateTime.UtcNow).ToArray());
        }

        [Fact]
        public void SelfSignedServerCertificateInTheCaFileIsTrusted()
        {
            var self = F.Create(F.ServerReq());
            Assert.Empty(ServerCertificateValidator.Validate(Chain(self), ClientCredentials(self), "libvirt.org", DateTime.UtcNow));
            Assert.Equal("Certificate failed validation: The certificate hasn't got a known issuer.",
                ServerCertificateValidator.Validate(Chain(self), ClientCredentials(Shared.Value.Ca), "libvirt.org", DateTime.UtcNow)[0]);
        }

        [Fact]
        public void LeafRulesForAServer()
        {
            var ca = Shared.Value.Ca;
            var creds = ClientCredentials(ca);
            DateTime now = DateTime.UtcNow;

            var leafCa = F.Create(F.ServerReq().With(s => s.BasicConstraintsIsCA = true), ca);
            Assert.Equal(new[] { "The certificate [session] basic constraints show a CA, but we need one for a server" },
                ServerCertificateValidator.Validate(Chain(leafCa), creds, "libvirt.org", now).ToArray());

            var clientOnly = F.Create(F.ServerReq().With(s => { s.DnsNames = new[] { "libvirt.org" }; s.KeyPurposeOid1 = F.ClientAuth; }), ca);
            Assert.Equal(new[] { "Certificate [session] purpose does not allow use for with a TLS server" },
                ServerCertificateValidator.Validate(Chain(clientOnly), creds, "libvirt.org", now).ToArray());

            var signOnlyCritical = F.Create(F.ServerReq().With(s => s.KeyUsageValue = F.KeyCertSign), ca);
            Assert.Equal(new[] { "Certificate [session] usage does not permit digital signature" },
                ServerCertificateValidator.Validate(Chain(signOnlyCritical), creds, "libvirt.org", now).ToArray());

            var digSigOnlyNonCritical = F.Create(F.ServerReq().With(s => { s.KeyUsageCritical = false; s.KeyUsageValue = F.DigitalSignature; }), ca);
            var r = ServerCertificateValidator.Check(Chain(digSigOnlyNonCritical), creds, "libvirt.org", now);
            Assert.True(r.IsValid);
            Assert.Equal(new[] { "Certificate [session] usage does not permit key encipherment" }, r.Warnings.ToArray());

            var digSigOnlyCritical = F.Create(F.ServerReq().With(s => s.KeyUsageValue = F.DigitalSignature), ca);
            Assert.Equal(new[] { "Certificate [session] usage does not permit key encipherment" },
                ServerCertificateValidator.Validate(Chain(digSigOnlyCritical), creds, "libvirt.org", now).ToArray());
        }

        [Fact]
        public void NoPeerCertificate()
        {
            Assert.Equal(new[] { "Unable to verify TLS peer: No certificate was found." },
                ServerCertificateValidator.Validate(Array.Empty<X509Certificate>(), ClientCredentials(Shared.Value.Ca), "libvirt.org", DateTime.UtcNow).ToArray());
        }

        [Fact]
        public void CertificateInfoDescribesACertificate()
        {
            var p = Shared.Value;
            var info = CertificateInfo.From(p.ServerAlt1.Certificate);
            Assert.Equal("C=UK,CN=libvirt.org", info.Subject);
            Assert.Equal("C=UK,CN=libvirt CA", info.Issuer);
            Assert.Equal(new[] { "DNS:www.libvirt.org", "DNS:libvirt.org", "IP:192.168.122.1", "IP:fec0::dead:beaf" }, info.SubjectAlternativeNames);
            Assert.Equal(new[] { "digitalSignature", "keyEncipherment" }, info.KeyUsage);
            Assert.True(info.KeyUsageCritical);
            Assert.Equal(new[] { "serverAuth" }, info.ExtendedKeyUsage);
            Assert.False(info.IsCA);
            Assert.Equal(64, info.Fingerprint.Length);
            Assert.Matches("^[0-9A-F]{64}$", info.Fingerprint);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", info.NotAfter);
            Assert.Equal("EC P-256", info.PublicKey);
            Assert.True(CertificateInfo.From(p.Ca.Certificate).IsCA);
            Assert.Equal(new[] { "keyCertSign" }, CertificateInfo.From(p.Ca.Certificate).KeyUsage);
        }

        [Fact]
        public void DistinguishedNameIsInCertificateOrderWithEscapes()
        {
            var cert = F.Create(new CertSpec { Country = "GB", Organization = "Acme, Inc.", CommonName = " #host+1" });
            Assert.Equal(@"C=GB,O=Acme\, Inc.,CN=\ #host\+1", CertificateInfo.From(cert.Certificate).Subject);
        }

        [Theory]
        [InlineData("C=UK,CN=libvirt", "C=UK,CN=libvirt", true)]
        [InlineData("C=UK,CN=libvirt*", "C=UK,CN=libvirt", true)]
        [InlineData("C=UK,CN=*virt*", "C=UK,CN=libvirt", true)]
        [InlineData("C=UK,CN=libvirt?", "C=UK,CN=libvirt", false)]
        [InlineData("C=UK,CN=libvir?", "C=UK,CN=libvirt", true)]
        [InlineData("C=UK,CN=dogfood", "C=UK,CN=libvirt", false)]
        [InlineData("c=uk,cn=libvirt", "C=UK,CN=libvirt", false)]
        [InlineData("*", "", true)]
        public void DnAclGlob(string pattern, string dn, bool match) => Assert.Equal(match, DnAclMatcher.IsMatch(pattern, dn));
    }
}
