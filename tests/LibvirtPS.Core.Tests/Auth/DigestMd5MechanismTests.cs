// DIGEST-MD5 (RFC 2831) client: the RFC's own example exchanges, the protection choice cyrus makes for libvirt's
// SSF ranges, credentials and charset handling, the rspauth check, and the security layers (key derivation,
// wrap/unwrap against an independent implementation of the RFC formulas, sequence numbers, MAC failures).

using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Auth
{
    public sealed class DigestMd5MechanismTests
    {
        private const string RfcImapChallenge =
            "realm=\"elwood.innosoft.com\",nonce=\"OA6MG9tEQGm2hh\",qop=\"auth\",algorithm=md5-sess,charset=utf-8";

        private static SaslContext Context(string service, string host, string user = "chris", string password = "secret",
            int minSsf = 0, int maxSsf = 0, string? realm = null, string? authzid = null)
        {
            return new SaslContext
            {
                Service = service,
                Host = host,
                MinSsf = minSsf,
                MaxSsf = maxSsf,
                GetCredential = (kind, prompt) => kind switch
                {
                    SaslCredentialKind.AuthName => user,
                    SaslCredentialKind.Realm => realm,
                    SaslCredentialKind.UserName => authzid,
                    _ => null,
                },
                GetPassword = () => new NetworkCredential(user, password),
            };
        }

        private static string Str(byte[]? b) => b == null ? "<null>" : Encoding.UTF8.GetString(b);

        private static System.Collections.Generic.Dictionary<string, string> Directives(byte[] b) =>
            DigestMd5Directives.Parse(Encoding.UTF8.GetString(b)).ToDictionary(kv => kv.Key, kv => kv.Value);

        [Fact]
        public void Rfc2831ImapExample_ResponseAndRspauth()
        {
            var m = new DigestMd5Mechanism(() => "OA6MHXh6VqTrRk");
            Assert.Null(m.Start(Context("imap", "elwood.innosoft.com")));
            var response = m.Step(Encoding.UTF8.GetBytes(RfcImapChallenge));
            var d = Directives(response!);
            Assert.Equal("d388dad90d4bbd760a152321f2143af7", d["response"]);
            Assert.Equal("chris", d["username"]);
            Assert.Equal("elwood.innosoft.com", d["realm"]);
            Assert.Equal("OA6MG9tEQGm2hh", d["nonce"]);
            Assert.Equal("OA6MHXh6VqTrRk", d["cnonce"]);
            Assert.Equal("00000001", d["nc"]);
            Assert.Equal("auth", d["qop"]);
            Assert.Equal("imap/elwood.innosoft.com", d["digest-uri"]);
            Assert.Equal("utf-8", d["charset"]);
            Assert.False(d.ContainsKey("cipher"));
            Assert.False(m.IsComplete);

            Assert.Null(m.Step(Encoding.UTF8.GetBytes("rspauth=ea40f60335c427b5527b84dbabcdfffd")));
            Assert.True(m.IsComplete);
            Assert.Null(m.SecurityLayer); // qop=auth: no layer
        }

        [Fact]
        public void Rfc2831AcapExample_ResponseAndRspauth()
        {
            var m = new DigestMd5Mechanism(() => "OA9BSuZWMSpW8m");
            m.Start(Context("acap", "elwood.innosoft.com"));
            var response = m.Step(Encoding.UTF8.GetBytes(
                "realm=\"elwood.innosoft.com\",nonce=\"OA9BSXrbuRhWay\",qop=\"auth\",algorithm=md5-sess,charset=utf-8"));
            Assert.Equal("6084c6db3fede7352c551284490fd0fc", Directives(response!)["response"]);
            m.Step(Encoding.UTF8.GetBytes("rspauth=2f0b3d7c3c2e486600ef710726aa2eae"));
            Assert.True(m.IsComplete);
        }

        [Fact]
        public void WrongRspauth_Fails_AndNeverCompletes()
        {
            var m = new DigestMd5Mechanism(() => "OA6MHXh6VqTrRk");
            m.Start(Context("imap", "elwood.innosoft.com"));
            m.Step(Encoding.UTF8.GetBytes(RfcImapChallenge));
            var e = Assert.Throws<LibvirtException>(() => m.Step(Encoding.UTF8.GetBytes("rspauth=00000000000000000000000000000000")));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Contains("knows shared secret", e.Message);
            Assert.False(m.IsComplete);
            Assert.Null(m.SecurityLayer);
        }

        [Fact]
        public void MissingRspauth_Fails()
        {
            var m = new DigestMd5Mechanism(() => "x");
            m.Start(Context("imap", "elwood.innosoft.com"));
            m.Step(Encoding.UTF8.GetBytes(RfcImapChallenge));
            Assert.Throws<LibvirtException>(() => m.Step(null));
        }

        [Theory]
        // libvirt on plain tcp: 56..100000 → strongest cipher offered
        [InlineData("auth,auth-int,auth-conf", "rc4-40,rc4-56,rc4,des,3des", 56, 100000, 0, "auth-conf", "rc4")]
        [InlineData("auth,auth-int,auth-conf", "rc4-40,rc4-56,des,3des", 56, 100000, 0, "auth-conf", "3des")]
        [InlineData("auth,auth-int,auth-conf", "des,rc4-56", 56, 100000, 0, "auth-conf", "rc4-56")]
        // des (55) and rc4-40 are below libvirt's minimum of 56: nothing acceptable
        [InlineData("auth,auth-int,auth-conf", "rc4-40,des", 56, 100000, 0, null, null)]
        [InlineData("auth,auth-int", "", 56, 100000, 0, null, null)]
        // secure channel (TLS, unix, ssh): 0..0 → no layer
        [InlineData("auth,auth-int,auth-conf", "rc4", 0, 0, 0, "auth", null)]
        // TLS external SSF 256 with libvirt's 0/0
        [InlineData("auth,auth-int,auth-conf", "rc4", 0, 0, 256, "auth", null)]
        // integrity enough
        [InlineData("auth-int,auth-conf", "", 0, 1, 0, "auth-int", null)]
        [InlineData("auth,auth-int,auth-conf", "rc4,3des", 0, 112, 0, "auth-conf", "3des")]
        public void ProtectionChoice_AsCyrus(string qops, string ciphers, int min, int max, int external, string? qop, string? cipher)
        {
            var ctx = Context("libvirt", "127.0.0.1", minSsf: min, maxSsf: max);
            ctx.ExternalSsf = external;
            var m = new DigestMd5Mechanism();
            m.Start(ctx);
            var challenge = "realm=\"r\",nonce=\"n\",qop=\"" + qops + "\"," + (ciphers.Length > 0 ? "cipher=\"" + ciphers + "\"," : "") +
                            "maxbuf=65536,charset=utf-8,algorithm=md5-sess";
            if (qop == null)
            {
                var e = Assert.Throws<LibvirtException>(() => m.Step(Encoding.UTF8.GetBytes(challenge)));
                Assert.Contains("No good protection layer", e.Message);
                return;
            }
            var d = Directives(m.Step(Encoding.UTF8.GetBytes(challenge))!);
            Assert.Equal(qop, d["qop"]);
            Assert.Equal(cipher, d.TryGetValue("cipher", out var c) ? c : null);
            Assert.Equal("libvirt/127.0.0.1", d["digest-uri"]);
            Assert.Equal("65536", d["maxbuf"]);
        }

        [Fact]
        public void AuthConf_LayerAfterRspauth_MatchesServerSide()
        {
            var ctx = Context("libvirt", "127.0.0.1", user: "fred", minSsf: 56, maxSsf: 100000);
            var m = new DigestMd5Mechanism(() => "cnonce123");
            m.Start(ctx);
            var resp = Directives(m.Step(Encoding.UTF8.GetBytes(
                "realm=\"host\",nonce=\"abc\",qop=\"auth,auth-int,auth-conf\",cipher=\"rc4-40,rc4-56,rc4,des,3des\",maxbuf=65536,charset=utf-8,algorithm=md5-sess"))!);
            Assert.Equal("auth-conf", resp["qop"]);
            Assert.Equal("rc4", resp["cipher"]);

            // the server's view, from the RFC formulas
            var ha1 = RfcHa1("fred", "host", "secret", "abc", "cnonce123", null);
            Assert.Equal(RfcResponse(ha1, "abc", "cnonce123", "auth-conf", "AUTHENTICATE:libvirt/127.0.0.1"), resp["response"]);
            string rspauth = RfcResponse(ha1, "abc", "cnonce123", "auth-conf", ":libvirt/127.0.0.1");
            Assert.Null(m.SecurityLayer);
            Assert.Null(m.Step(Encoding.UTF8.GetBytes("rspauth=" + rspauth)));
            Assert.True(m.IsComplete);
            var layer = Assert.IsType<DigestMd5SecurityLayer>(m.SecurityLayer);
            Assert.Equal(128, layer.Ssf);

            var server = DigestMd5SecurityLayer.ForServer(ha1, DigestMd5Cipher.Rc4);
            var msg = Encoding.ASCII.GetBytes("hello libvirt");
            Assert.Equal(msg, server.Unwrap(layer.Wrap(msg, 0, msg.Length), 0, msg.Length + 16));
            var back = server.Wrap(msg, 0, msg.Length);
            Assert.Equal(msg, layer.Unwrap(back, 0, back.Length));
        }

        [Fact]
        public void Authzid_IsSentAndHashedIntoA1()
        {
            var ctx = Context("libvirt", "h", user: "fred", authzid: "admin");
            var m = new DigestMd5Mechanism(() => "cn");
            m.Start(ctx);
            var d = Directives(m.Step(Encoding.UTF8.GetBytes("realm=\"r\",nonce=\"n\",qop=\"auth\",algorithm=md5-sess"))!);
            Assert.Equal("admin", d["authzid"]);
            Assert.Equal(RfcResponse(RfcHa1("fred", "r", "secret", "n", "cn", "admin"), "n", "cn", "auth", "AUTHENTICATE:libvirt/h"), d["response"]);
            Assert.False(d.ContainsKey("charset")); // the server did not say utf-8
        }

        [Fact]
        public void Utf8_Latin1NamesAreHashedAsLatin1_OthersAsUtf8()
        {
            // "jöe" fits ISO 8859-1: hashed as 8859-1 bytes even though the response carries UTF-8
            var m = new DigestMd5Mechanism(() => "cn");
            m.Start(Context("libvirt", "h", user: "j\u00f6e", password: "p\u00e4ss"));
            var d = Directives(m.Step(Encoding.UTF8.GetBytes("realm=\"r\",nonce=\"n\",qop=\"auth\",charset=utf-8,algorithm=md5-sess"))!);
            Assert.Equal("j\u00f6e", d["username"]);
            var latin1 = Encoding.Latin1;
            var ha1 = RfcHa1Bytes(latin1.GetBytes("j\u00f6e:r:p\u00e4ss"), "n", "cn", null);
            Assert.Equal(RfcResponse(ha1, "n", "cn", "auth", "AUTHENTICATE:libvirt/h"), d["response"]);

            // a name outside 8859-1 stays UTF-8
            var m2 = new DigestMd5Mechanism(() => "cn");
            m2.Start(Context("libvirt", "h", user: "\u0444\u0440\u0435\u0434"));
            var d2 = Directives(m2.Step(Encoding.UTF8.GetBytes("realm=\"r\",nonce=\"n\",qop=\"auth\",charset=utf-8,algorithm=md5-sess"))!);
            var ha1b = RfcHa1Bytes(Encoding.UTF8.GetBytes("\u0444\u0440\u0435\u0434:r:secret"), "n", "cn", null);
            Assert.Equal(RfcResponse(ha1b, "n", "cn", "auth", "AUTHENTICATE:libvirt/h"), d2["response"]);

            // without charset=utf-8 such a name cannot be sent
            var m3 = new DigestMd5Mechanism(() => "cn");
            m3.Start(Context("libvirt", "h", user: "\u0444\u0440\u0435\u0434"));
            Assert.Throws<LibvirtException>(() => m3.Step(Encoding.UTF8.GetBytes("realm=\"r\",nonce=\"n\",qop=\"auth\",algorithm=md5-sess")));
        }

        [Fact]
        public void Realm_FromChallenge_CredentialOrHost()
        {
            string Realm(string challenge, string? credRealm)
            {
                var m = new DigestMd5Mechanism(() => "cn");
                m.Start(Context("libvirt", "the-host", realm: credRealm));
                return Directives(m.Step(Encoding.UTF8.GetBytes(challenge + "nonce=\"n\",qop=\"auth\",algorithm=md5-sess"))!)["realm"];
            }
            Assert.Equal("one", Realm("realm=\"one\",", "mine"));
            Assert.Equal("two", Realm("realm=\"one\",realm=\"two\",", "two"));
            Assert.Equal("one", Realm("realm=\"one\",realm=\"two\",", null));
            Assert.Equal("mine", Realm("", "mine"));
            Assert.Equal("the-host", Realm("", null));
        }

        [Theory]
        [InlineData("realm=\"r\",qop=\"auth\",algorithm=md5-sess", "Don't have nonce")]
        [InlineData("realm=\"r\",nonce=\"a\",nonce=\"b\",qop=\"auth\",algorithm=md5-sess", "more than once")]
        [InlineData("realm=\"r\",nonce=\"a\",qop=\"auth\",algorithm=md5", "md5-sess")]
        [InlineData("realm=\"r\",nonce=\"a\",qop=\"auth\",algorithm=md5-sess,charset=latin1", "charset")]
        [InlineData("realm=\"r,nonce=\"a\"", "Parse error")]
        public void BadChallenges_Fail(string challenge, string expected)
        {
            var m = new DigestMd5Mechanism();
            m.Start(Context("libvirt", "h"));
            var e = Assert.Throws<LibvirtException>(() => m.Step(Encoding.UTF8.GetBytes(challenge)));
            Assert.Contains(expected, e.Message);
            Assert.StartsWith("authentication failed: Failed to step SASL negotiation", e.Message);
        }

        [Fact]
        public void WhitespaceUser_FailsLikeCyrus()
        {
            var m = new DigestMd5Mechanism();
            m.Start(Context("libvirt", "h", user: "  "));
            var e = Assert.Throws<LibvirtException>(() => m.Step(Encoding.UTF8.GetBytes("realm=\"r\",nonce=\"a\",qop=\"auth\",algorithm=md5-sess")));
            Assert.Contains("All-whitespace username.", e.Message);
        }

        [Fact]
        public void Directives_QuotingAndWhitespace()
        {
            var d = DigestMd5Directives.Parse(" ,realm = \"a\\\"b\\\\c\" ,, nonce=xyz ,qop=\"auth, auth-int\",");
            Assert.Equal(new[] { "realm", "nonce", "qop" }, d.Select(kv => kv.Key));
            Assert.Equal("a\"b\\c", d[0].Value);
            Assert.Equal("xyz", d[1].Value);
            Assert.Equal(new[] { "auth", "auth-int" }, DigestMd5Directives.SplitOptions(d[2].Value));
            var sb = new StringBuilder();
            DigestMd5Directives.AppendQuoted(sb, "username", "a\"b\\c");
            Assert.Equal("username=\"a\\\"b\\\\c\"", sb.ToString());
        }

        [Fact]
        public void Mechanism_Identity()
        {
            var m = new DigestMd5Mechanism();
            Assert.Equal("DIGEST-MD5", m.Name);
            Assert.Equal(128, m.MaxSsf);
            Assert.False(m.IsComplete);
            Assert.Null(m.SecurityLayer);
        }

        // ------------------------------------------------------------------------------------------------
        // RFC 2831 formulas, written out independently of the implementation

        internal static byte[] RfcHa1(string user, string realm, string password, string nonce, string cnonce, string? authzid) =>
            RfcHa1Bytes(Encoding.UTF8.GetBytes(user + ":" + realm + ":" + password), nonce, cnonce, authzid);

        internal static byte[] RfcHa1Bytes(byte[] userRealmPass, string nonce, string cnonce, string? authzid)
        {
            var inner = MD5.HashData(userRealmPass);
            var a1 = inner.Concat(Encoding.UTF8.GetBytes(":" + nonce + ":" + cnonce + (authzid == null ? "" : ":" + authzid))).ToArray();
            return MD5.HashData(a1);
        }

        internal static string RfcResponse(byte[] ha1, string nonce, string cnonce, string qop, string a2)
        {
            if (qop != "auth") a2 += ":00000000000000000000000000000000";
            string hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();
            return hex(MD5.HashData(Encoding.UTF8.GetBytes(hex(ha1) + ":" + nonce + ":00000001:" + cnonce + ":" + qop + ":" +
                                                            hex(MD5.HashData(Encoding.UTF8.GetBytes(a2))))));
        }
    }
}
