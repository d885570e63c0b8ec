using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Auth
{
    /// <summary>libvirt's tests/virauthconfigtest.c (facts §8.3) and the implied rules around it.</summary>
    public class AuthConfigTests
    {
        private const string Text =
            "[credentials-test]\nusername=fred\npassword=123456\n\n" +
            "[credentials-prod]\nusername=bar\npassword=letmein\n\n" +
            "[auth-libvirt-test1.example.com]\ncredentials=test\n\n" +
            "[auth-libvirt-test2.example.com]\ncredentials=test\n\n" +
            "[auth-libvirt-demo3.example.com]\ncredentials=test\n\n" +
            "[auth-libvirt-prod1.example.com]\ncredentials=prod\n";

        [Theory]
        [InlineData("test1.example.com", "libvirt", "username", "fred")]
        [InlineData("test1.example.com", "vnc", "username", null)]
        [InlineData("test1.example.com", "libvirt", "realm", null)]
        [InlineData("test66.example.com", "libvirt", "username", null)]
        [InlineData("prod1.example.com", "libvirt", "username", "bar")]
        [InlineData("prod1.example.com", "libvirt", "password", "letmein")]
        public void VirauthconfigtestCases(string host, string service, string credname, string? expected)
        {
            Assert.Equal(expected, AuthConfig.Parse("auth.conf", Text).Lookup(service, host, credname));
        }

        [Fact]
        public void DefaultGroupIsTheFallback()
        {
            var conf = AuthConfig.Parse("auth.conf", Text + "\n[auth-libvirt-default]\ncredentials=prod\n");
            Assert.Equal("bar", conf.Lookup("libvirt", "elsewhere.example.com", "username"));
            Assert.Equal("fred", conf.Lookup("libvirt", "test1.example.com", "username"));
        }

        [Fact]
        public void NoHostMeansLocalhost()
        {
            var conf = AuthConfig.Parse("auth.conf", "[credentials-l]\nauthname=me\n[auth-libvirt-localhost]\ncredentials=l\n");
            Assert.Equal("me", conf.Lookup("libvirt", null, "authname"));
        }

        [Fact]
        public void MissingCredentialsItemIsLibvirtsError()
        {
            var conf = AuthConfig.Parse("/x/auth.conf", "[auth-libvirt-h]\nfoo=bar\n");
            var e = Assert.Throws<LibvirtException>(() => conf.Lookup("libvirt", "h", "username"));
            Assert.Equal(LibvirtErrorCode.ConfSyntax, e.Code);
            Assert.Equal("configuration file syntax error: Missing item 'credentials' in group 'auth-libvirt-h' in '/x/auth.conf'", e.Message);
        }

        [Fact]
        public void DanglingReferenceIsLibvirtsError()
        {
            var conf = AuthConfig.Parse("/x/auth.conf", "[auth-libvirt-h]\ncredentials=gone\n");
            var e = Assert.Throws<LibvirtException>(() => conf.Lookup("libvirt", "h", "username"));
            Assert.Equal("configuration file syntax error: Missing group 'credentials-gone' referenced from group 'auth-libvirt-h' in '/x/auth.conf'", e.Message);
        }

        [Fact]
        public void NamesAreCaseSensitive()
        {
            var conf = AuthConfig.Parse("auth.conf", Text);
            Assert.Null(conf.Lookup("libvirt", "TEST1.example.com", "username"));
            Assert.Null(conf.Lookup("libvirt", "test1.example.com", "UserName"));
        }
    }
}
