using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Transports.Tls;
using Xunit;

namespace LibvirtPS.Core.Tests.Transports
{
    public sealed class TlsPriorityTests
    {
        [Theory]
        [InlineData(null, "TLS1.3,TLS1.2")]
        [InlineData("", "TLS1.3,TLS1.2")]
        [InlineData("NORMAL", "TLS1.3,TLS1.2")]
        [InlineData("normal", "TLS1.3,TLS1.2")]
        [InlineData("SECURE128", "TLS1.3,TLS1.2")]
        [InlineData("SECURE192", "TLS1.3,TLS1.2")]
        [InlineData("SECURE256", "TLS1.3,TLS1.2")]
        [InlineData("PERFORMANCE", "TLS1.3,TLS1.2")]
        [InlineData("PFS", "TLS1.3,TLS1.2")]
        [InlineData("NORMAL:-VERS-ALL:+VERS-TLS1.2", "TLS1.2")]
        [InlineData("NORMAL:-VERS-TLS1.3", "TLS1.2")]
        [InlineData("NORMAL:%NO_TLS1.3", "TLS1.2")]
        [InlineData("NORMAL:-VERS-TLS1.2", "TLS1.3")]
        [InlineData("NORMAL:-VERS-TLS-ALL:+VERS-TLS1.3", "TLS1.3")]
        [InlineData("NORMAL:-VERS-TLS1.0:-VERS-TLS1.1:-3DES-CBC:-ARCFOUR-128", "TLS1.3,TLS1.2")]
        [InlineData("NORMAL:%SERVER_PRECEDENCE:%COMPAT:+SIGN-ALL:+GROUP-ALL:+COMP-NULL", "TLS1.3,TLS1.2")]
        [InlineData("NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+AEAD:+SIGN-ALL:+GROUP-ALL:+COMP-NULL", "TLS1.2")]
        public void Versions(string? priority, string versions)
        {
            var p = TlsPriority.Parse(priority);
            Assert.Equal(versions, string.Join(",", p.Versions));
            Assert.NotEmpty(p.Suites);
            Assert.All(p.Suites, s => Assert.Contains(s.IsTls13 ? "TLS1.3" : "TLS1.2", p.Versions));
        }

        [Fact]
        public void Secure256_OffersOnly256BitCiphers()
        {
            var p = TlsPriority.Parse("SECURE256");
            Assert.All(p.Suites, s => Assert.True(s.Cipher.Contains("256") || s.Cipher.StartsWith("CHACHA20"), s.Name));
            Assert.Contains(p.Suites, s => s.Name == "TLS_AES_256_GCM_SHA384");
            Assert.DoesNotContain(p.Suites, s => s.Name == "TLS_AES_128_GCM_SHA256");
        }

        [Fact]
        public void Performance_Prefers128()
        {
            Assert.Equal("TLS_AES_128_GCM_SHA256", TlsPriority.Parse("PERFORMANCE").Suites[0].Name);
            Assert.Equal("TLS_AES_256_GCM_SHA384", TlsPriority.Parse("NORMAL").Suites[0].Name);
        }

        [Fact]
        public void Pfs_HasNoRsaKeyExchange()
        {
            Assert.DoesNotContain(TlsPriority.Parse("PFS").Suites, s => s.KeyExchange == "RSA");
            Assert.Contains(TlsPriority.Parse("NORMAL").Suites, s => s.KeyExchange == "RSA");
            Assert.DoesNotContain(TlsPriority.Parse("NORMAL:-RSA").Suites, s => s.KeyExchange == "RSA");
        }

        [Fact]
        public void CipherAndMacModifiers()
        {
            var p = TlsPriority.Parse("NORMAL:-CIPHER-ALL:+AES-128-GCM");
            Assert.All(p.Suites, s => Assert.Equal("AES-128-GCM", s.Cipher));
            Assert.DoesNotContain(TlsPriority.Parse("NORMAL:-SHA1").Suites, s => s.Mac == "SHA1");
        }

        [Theory]
        [InlineData("NONE")]
        [InlineData("NORMAL:-VERS-ALL")]
        [InlineData("NORMAL:-CIPHER-ALL")]
        [InlineData("NONE:+VERS-TLS1.2")]
        public void NothingLeft_IsLibvirtsError(string priority)
        {
            var e = Assert.Throws<LibvirtException>(() => TlsPriority.Parse(priority));
            Assert.Equal(LibvirtErrorCode.SystemError, e.Code);
            Assert.Equal("Failed to set TLS session priority to " + priority + ": No or insufficient priorities were set.", e.Detail);
        }

        [Theory]
        [InlineData("NORMAL:+VERS-TLS1.1", "+VERS-TLS1.1")]
        [InlineData("NORMAL:+VERS-TLS1.0", "+VERS-TLS1.0")]
        [InlineData("NORMAL:+3DES-CBC", "+3DES-CBC")]
        [InlineData("NORMAL:+ARCFOUR-128", "+ARCFOUR-128")]
        [InlineData("@SYSTEM", "@SYSTEM")]
        [InlineData("LEGACY", "LEGACY")]
        [InlineData("NORMAL:-GROUP-ALL", "-GROUP-ALL")]
        [InlineData("NORMAL:+GROUP-X25519", "+GROUP-X25519")]
        [InlineData("NORMAL:%UNSAFE_RENEGOTIATION", "%UNSAFE_RENEGOTIATION")]
        [InlineData("NORMAL:%VERIFY_ALLOW_BROKEN", "%VERIFY_ALLOW_BROKEN")]
        [InlineData("NORMAL:+BOGUS", "+BOGUS")]
        [InlineData("NORMAL:SECURE256", "SECURE256")]
        public void UnsupportedToken_IsNamed(string priority, string token)
        {
            var e = Assert.Throws<LibvirtException>(() => TlsPriority.Parse(priority));
            Assert.Equal("Failed to set TLS session priority to " + priority + ": the token '" + token + "' is not supported by LibvirtPS", e.Detail);
            Assert.NotNull(e.Hint);
        }

        [Fact]
        public void SuiteNames()
        {
            Assert.Equal("TLS_AES_256_GCM_SHA384", TlsPriority.SuiteName(0x1302));
            Assert.Equal("0xC0FF", TlsPriority.SuiteName(0xC0FF));
            Assert.Equal(TlsPriority.KnownSuites.Count, TlsPriority.KnownSuites.Select(s => s.Id).Distinct().Count());
        }
    }
}
