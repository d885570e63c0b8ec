using System.Net;
using System.Text;
using LibvirtPS.Core.Auth.Sasl;
using Xunit;

namespace LibvirtPS.Core.Tests.Auth
{
    public sealed class ScramMechanismTests
    {
        private static SaslContext Context(string user, string password) => new SaslContext
        {
            GetCredential = (kind, prompt) => kind == SaslCredentialKind.AuthName ? user : null,
            GetPassword = () => new NetworkCredential("", password),
        };

        private static string S(byte[]? b) => b == null ? "<null>" : Encoding.UTF8.GetString(b);

        [Fact]
        public void Rfc5802_ScramSha1_vector()
        {
            var m = new ScramMechanism("SCRAM-SHA-1", () => "fyko+d2lbbFgONRv9qkxdawL");
            Assert.Equal("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", S(m.Start(Context("user", "pencil"))));
            Assert.False(m.IsComplete);
            var final = m.Step(Encoding.UTF8.GetBytes("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
            Assert.Equal("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", S(final));
            Assert.False(m.IsComplete);
            Assert.Null(m.Step(Encoding.UTF8.GetBytes("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")));
            Assert.True(m.IsComplete);
            Assert.Null(m.SecurityLayer);
            Assert.Equal(0, m.MaxSsf);
        }

        [Fact]
        public void Rfc7677_ScramSha256_vector()
        {
            var m = new ScramMechanism("SCRAM-SHA-256", () => "rOprNGfwEbeRWgbNEkqO");
            Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", S(m.Start(Context("user", "pencil"))));
            var final = m.Step(Encoding.UTF8.GetBytes("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
            Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", S(final));
            m.Step(Encoding.UTF8.GetBytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
            Assert.True(m.IsComplete);
        }

        [Fact]
        public void Wrong_server_signature_fails_mutual_authentication()
        {
            var m = new ScramMechanism("SCRAM-SHA-256", () => "rOprNGfwEbeRWgbNEkqO");
            m.Start(Context("user", "pencil"));
            m.Step(Encoding.UTF8.GetBytes("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
            var e = Assert.Throws<SaslMechanismException>(() => m.Step(Encoding.UTF8.GetBytes("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
            Assert.Equal(SaslMechanismException.BadServ, e.Code);
            Assert.False(m.IsComplete);
        }

        [Theory]
        [InlineData("r=someoneelse123,s=QSXCR+Q6sek8bf92,i=4096")]
        [InlineData("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096")] // no server part
        [InlineData("m=ext,r=fyko+d2lbbFgONRv9qkxdawLxx,s=QSXCR+Q6sek8bf92,i=4096")]
        [InlineData("r=fyko+d2lbbFgONRv9qkxdawLxx,s=QSXCR+Q6sek8bf92,i=0")]
        [InlineData("r=fyko+d2lbbFgONRv9qkxdawLxx,i=4096")]
        public void Bad_server_first_message_is_a_protocol_error(string serverFirst)
        {
            var m = new ScramMechanism("SCRAM-SHA-1", () => "fyko+d2lbbFgONRv9qkxdawL");
            m.Start(Context("user", "pencil"));
            var e = Assert.Throws<SaslMechanismException>(() => m.Step(Encoding.UTF8.GetBytes(serverFirst)));
            Assert.Equal(SaslMechanismException.BadProt, e.Code);
        }

        [Fact]
        public void User_name_is_escaped()
        {
            var m = new ScramMechanism("SCRAM-SHA-1", () => "abc");
            Assert.Equal("n,,n=a=2Cb=3Dc,r=abc", S(m.Start(Context("a,b=c", "x"))));
        }

        [Fact]
        public void All_whitespace_user_name_is_refused_like_cyrus()
        {
            var m = new ScramMechanism("SCRAM-SHA-256");
            var e = Assert.Throws<SaslMechanismException>(() => m.Start(Context("  ", "x")));
            Assert.Equal("SASL(-1): generic failure: All-whitespace username.", e.Message);
        }

        [Fact]
        public void Random_nonce_is_fresh_per_instance()
        {
            string a = S(new ScramMechanism("SCRAM-SHA-256").Start(Context("u", "p")));
            string b = S(new ScramMechanism("SCRAM-SHA-256").Start(Context("u", "p")));
            Assert.NotEqual(a, b);
            Assert.StartsWith("n,,n=u,r=", a);
        }

        [Theory]
        [InlineData("secret", "secret")]
        [InlineData("I\u00ADX", "IX")]          // RFC 4013 examples: soft hyphen mapped to nothing
        [InlineData("user", "user")]
        [InlineData("USER", "USER")]
        [InlineData("\u00AA", "a")]             // NFKC
        [InlineData("\u2168", "IX")]            // NFKC
        [InlineData("a\u00A0b", "a b")]         // non-ASCII space
        public void SaslPrep_maps_and_normalizes(string input, string expected)
        {
            Assert.Equal(expected, SaslPrep.Prepare(input));
        }

        [Theory]
        [InlineData("\u0007")]
        [InlineData("a\u200Eb")]
        [InlineData("\uE000")]
        public void SaslPrep_refuses_prohibited_characters(string input)
        {
            Assert.Throws<SaslMechanismException>(() => SaslPrep.Prepare(input));
        }
    }
}
