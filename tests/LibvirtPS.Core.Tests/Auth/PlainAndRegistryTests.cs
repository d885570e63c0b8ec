using System;
using System.Net;
using System.Text;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Auth
{
    public sealed class PlainAndRegistryTests
    {
        private static SaslContext Context(string user, string password) => new SaslContext
        {
            GetCredential = (kind, prompt) => kind == SaslCredentialKind.AuthName ? user : null,
            GetPassword = () => new NetworkCredential("", password),
        };

        [Fact]
        public void Plain_sends_empty_authzid_authcid_password_and_is_complete_at_once()
        {
            var m = new PlainMechanism();
            var data = m.Start(Context("fred", "secret"));
            Assert.Equal(new byte[] { 0, (byte)'f', (byte)'r', (byte)'e', (byte)'d', 0, (byte)'s', (byte)'e', (byte)'c', (byte)'r', (byte)'e', (byte)'t' }, data);
            Assert.True(m.IsComplete);
            Assert.Null(m.SecurityLayer);
            Assert.Equal(Encoding.UTF8.GetBytes("admin\0fred\0p\u00e4ss"), PlainMechanism.Encode("admin", "fred", "p\u00e4ss"));
        }

        [Fact]
        public void Gssapi_fails_clearly()
        {
            var e = Assert.Throws<LibvirtException>(() => new GssapiMechanism().Start(Context("a", "b")));
            Assert.Equal(GssapiMechanism.NotSupported, e.Detail);
        }

        /// <summary>A stand-in for DIGEST-MD5 (the real one is another module): server-first, security layer up to 128.</summary>
        private sealed class FakeDigest : ISaslMechanism
        {
            public string Name => "DIGEST-MD5";
            public int MaxSsf => 128;
            public byte[]? Start(SaslContext context) => null;
            public byte[]? Step(byte[]? challenge) => null;
            public bool IsComplete => false;
            public ISaslSecurityLayer? SecurityLayer => null;
        }

        private static SaslMechanisms Registry()
        {
            var r = new SaslMechanisms();
            r.Register("SCRAM-SHA-256", 50, false, () => new ScramMechanism("SCRAM-SHA-256"));
            r.Register("SCRAM-SHA-1", 40, false, () => new ScramMechanism("SCRAM-SHA-1"));
            r.Register("GSSAPI", 35, false, () => new GssapiMechanism());
            r.Register("DIGEST-MD5", 30, false, () => new FakeDigest());
            r.Register("PLAIN", 10, true, () => new PlainMechanism());
            return r;
        }

        [Theory]
        // secure channel (TLS, unix): min SSF 0, the strongest wins whatever the server's order
        [InlineData("DIGEST-MD5,SCRAM-SHA-256", 0, "SCRAM-SHA-256")]
        [InlineData("SCRAM-SHA-256,DIGEST-MD5", 0, "SCRAM-SHA-256")]
        [InlineData("digest-md5 scram-sha-1 plain", 0, "SCRAM-SHA-1")]
        [InlineData("PLAIN,SCRAM-SHA-1,SCRAM-SHA-256", 0, "SCRAM-SHA-256")]
        [InlineData("PLAIN,DIGEST-MD5", 0, "DIGEST-MD5")]
        [InlineData("PLAIN", 0, "PLAIN")]
        [InlineData("CRAM-MD5,PLAIN,LOGIN", 0, "PLAIN")]
        [InlineData("GSSAPI", 0, "GSSAPI")]
        // plain tcp: min SSF 56 and no plaintext: only mechanisms with a security layer
        [InlineData("DIGEST-MD5,SCRAM-SHA-256,PLAIN", 56, "DIGEST-MD5")]
        [InlineData("SCRAM-SHA-256,GSSAPI", 56, "GSSAPI")]
        public void Chooses_like_cyrus(string list, int minSsf, string expected)
        {
            Assert.Equal(expected, Registry().Choose(list, null, minSsf).Name);
        }

        [Theory]
        [InlineData("SCRAM-SHA-256,PLAIN", 56)]
        [InlineData("PLAIN", 56)]
        [InlineData("CRAM-MD5,LOGIN", 0)]
        [InlineData("", 0)]
        public void No_acceptable_mechanism_is_cyrus_nomech(string list, int minSsf)
        {
            var e = Assert.Throws<LibvirtException>(() => Registry().Choose(list, null, minSsf));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Equal("authentication failed: Failed to start SASL negotiation: -4 (SASL(-4): no mechanism available: No worthy mechs found)", e.Message);
        }

        [Theory]
        [InlineData("DIGEST-MD5,SCRAM-SHA-256", "SCRAM-SHA-1")]
        [InlineData("DIGEST-MD5,SCRAM-SHA-256", "NOSUCH")]
        [InlineData("DIGEST-MD5,SCRAM-SHA-256", "scram-sha-256")] // strstr: case-sensitive
        [InlineData("DIGEST-MD5", "PLAIN")]
        public void Wanted_mechanism_must_be_a_substring_of_the_list(string list, string wanted)
        {
            var e = Assert.Throws<LibvirtException>(() => Registry().Choose(list, wanted, 0));
            Assert.Equal("authentication failed: SASL mechanism " + wanted + " not supported by server", e.Message);
        }

        [Theory]
        [InlineData("DIGEST-MD5,SCRAM-SHA-256", "DIGEST-MD5", 0, "DIGEST-MD5")]     // only that one, even when a stronger one is listed
        [InlineData("DIGEST-MD5,SCRAM-SHA-256,PLAIN", "PLAIN", 0, "PLAIN")]
        [InlineData("SCRAM-SHA-256,SCRAM-SHA-1", "SCRAM-SHA-1", 0, "SCRAM-SHA-1")]
        public void Wanted_mechanism_is_the_only_candidate(string list, string wanted, int minSsf, string expected)
        {
            Assert.Equal(expected, Registry().Choose(list, wanted, minSsf).Name);
        }

        [Theory]
        [InlineData("SCRAM-SHA-256", "SCRAM", 0)]          // substring passes libvirt's check, but Cyrus has no mechanism "SCRAM"
        [InlineData("DIGEST-MD5,PLAIN", "PLAIN", 56)]      // listed, but plaintext on a channel that is not secure
        [InlineData("SCRAM-SHA-256,DIGEST-MD5", "SCRAM-SHA-256", 56)]
        public void Wanted_but_unusable_is_cyrus_nomech(string list, string wanted, int minSsf)
        {
            var e = Assert.Throws<LibvirtException>(() => Registry().Choose(list, wanted, minSsf));
            Assert.Contains("No worthy mechs found", e.Message);
        }

        [Fact]
        public void Default_registry_has_scram_plain_and_gssapi()
        {
            var d = SaslMechanisms.Default;
            Assert.NotNull(d.Find("SCRAM-SHA-256"));
            Assert.NotNull(d.Find("scram-sha-1"));
            Assert.NotNull(d.Find("PLAIN"));
            Assert.NotNull(d.Find("GSSAPI"));
            Assert.Null(d.Find("EXTERNAL"));
            // DIGEST-MD5 is there exactly when LibvirtPS.Core.Auth.Sasl.DigestMd5Mechanism exists
            bool digest = typeof(SaslMechanisms).Assembly.GetType("LibvirtPS.Core.Auth.Sasl.DigestMd5Mechanism") != null;
            Assert.Equal(digest, d.Find("DIGEST-MD5") != null);
        }
    }
}
