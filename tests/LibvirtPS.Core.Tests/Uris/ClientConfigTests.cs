using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>The client libvirt.conf (libvirt-facts §2.1–§2.3): where it is, its keys, and alias lookup.</summary>
    public class ClientConfigTests
    {
        private const string F = "/home/u/.config/libvirt/libvirt.conf";

        [Theory]
        [InlineData(true, null, "/etc/libvirt/libvirt.conf")]
        [InlineData(true, "/xdg", "/etc/libvirt/libvirt.conf")]
        [InlineData(false, null, "/home/u/.config/libvirt/libvirt.conf")]
        [InlineData(false, "/xdg", "/xdg/libvirt/libvirt.conf")]
        [InlineData(false, "", "/home/u/.config/libvirt/libvirt.conf")]
        public void ConfigFileLocation(bool root, string? xdgConfigHome, string expected)
        {
            var env = Env(root, xdgConfigHome == null ? null : Vars("XDG_CONFIG_HOME", xdgConfigHome));
            Assert.Equal(expected, env.ClientConfigPath);
            var config = ClientConfig.Load(env);
            Assert.Equal(expected, config.Path);
            Assert.False(config.Loaded);
        }

        [Fact]
        public void MissingFileIsAnEmptyConfig()
        {
            var config = ClientConfig.Load(User());
            Assert.False(config.Loaded);
            Assert.Null(config.UriDefault);
            Assert.Null(config.UriAliases);
            Assert.Null(config.RemoteMode);
            Assert.Null(config.RemoteProxy);
            Assert.Null(config.TlsPriority);
            Assert.Null(config.ResolveAlias("hail"));
        }

        [Fact]
        public void LoadReadsTheOverridePathWhenItExists()
        {
            using var cfg = new TempConfigFile("uri_default = \"qemu:///session\"\n");
            var config = ClientConfig.Load(cfg.Env(), cfg.Path);
            Assert.True(config.Loaded);
            Assert.Equal(cfg.Path, config.Path);
            Assert.Equal("qemu:///session", config.UriDefault);
        }

        [Fact]
        public void AllClientKeys()
        {
            var config = ClientConfig.FromText(F,
                "uri_default = \"qemu:///system\"\n" +
                "uri_aliases = [ \"a=qemu:///a\", \"b=qemu:///b\" ]\n" +
                "remote_mode = \"direct\"\n" +
                "remote_proxy = \"native\"\n" +
                "tls_priority = \"NORMAL:-VERS-TLS1.0\"\n");
            Assert.True(config.Loaded);
            Assert.Equal("qemu:///system", config.UriDefault);
            Assert.Equal(new[] { "a=qemu:///a", "b=qemu:///b" }, config.UriAliases);
            Assert.Equal("direct", config.RemoteMode);
            Assert.Equal("native", config.RemoteProxy);
            Assert.Equal("NORMAL:-VERS-TLS1.0", config.TlsPriority);
        }

        [Fact]
        public void DebianDefaultFileIsAllComments()
        {
            var config = ClientConfig.FromText("/etc/libvirt/libvirt.conf",
                "#\n# This can be used to setup URI aliases for frequently\n# used connection URIs. Aliases may contain only the\n" +
                "# characters  a-Z, 0-9, _, -.\n#\n# Following the '=' may be any valid libvirt connection\n# URI, including arbitrary parameters\n\n" +
                "#uri_aliases = [\n#  \"hail=qemu+ssh://root@hail.cloud.example.com/system\",\n#  \"sleet=qemu+ssh://root@sleet.cloud.example.com/system\",\n#]\n\n" +
                "#\n# These can be used in cases when no URI is supplied by the application\n# (@uri_default also prevents probing of the hypervisor driver).\n#\n#uri_default = \"qemu:///system\"\n");
            Assert.Null(config.UriDefault);
            Assert.Null(config.UriAliases);
        }

        [Fact]
        public void UriDefaultNotAString()
        {
            var config = ClientConfig.FromText(F, "uri_default = [ \"qemu:///system\" ]\n");
            var e = Assert.Throws<LibvirtException>(() => config.UriDefault);
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal("internal error: " + F + ": expected a string for 'uri_default' parameter", e.Message);
        }

        [Theory]
        [InlineData("remote_mode")]
        [InlineData("remote_proxy")]
        [InlineData("tls_priority")]
        public void RemoteKeysMustBeStrings(string key)
        {
            var config = ClientConfig.FromText(F, key + " = 1\n");
            var e = Assert.Throws<LibvirtException>(() =>
                key == "remote_mode" ? config.RemoteMode : key == "remote_proxy" ? config.RemoteProxy : config.TlsPriority);
            Assert.Equal("internal error: " + F + ": expected a string for '" + key + "' parameter", e.Message);
        }

        [Fact]
        public void UriAliasesPlainStringIsRejected()
        {
            var config = ClientConfig.FromText(F, "uri_aliases = \"hail=qemu:///system\"\n");
            var e = Assert.Throws<LibvirtException>(() => config.ResolveAlias("hail"));
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal("internal error: " + F + ": expected a string list for 'uri_aliases' parameter", e.Message);
        }

        [Theory]
        [InlineData("hail", "qemu+ssh://root@hail.cloud.example.com/system")]
        [InlineData("sleet", "qemu+ssh://root@sleet.cloud.example.com/system")]
        [InlineData("a-Z_09", "test:///default")]
        [InlineData("eq", "qemu:///system?a=b=c")]
        [InlineData("empty", "")]
        [InlineData("HAIL", null)]
        [InlineData("hai", null)]
        [InlineData("qemu:///system", null)]
        public void ResolveAlias(string name, string? expected)
        {
            var config = ClientConfig.FromText(F,
                "uri_aliases = [\n" +
                "  \"hail=qemu+ssh://root@hail.cloud.example.com/system\",\n" +
                "  \"sleet=qemu+ssh://root@sleet.cloud.example.com/system\",\n" +
                "  \"a-Z_09=test:///default\",\n" +
                "  \"eq=qemu:///system?a=b=c\",\n" +
                "  \"empty=\",\n" +
                "  \"hail=qemu:///not-this-one\",\n" +
                "]\n");
            Assert.Equal(expected, config.ResolveAlias(name));
        }

        [Theory]
        [InlineData("nosuch", "Malformed 'uri_aliases' config entry 'nosuch', expected 'alias=uri://host/path'")]
        [InlineData("", "Malformed 'uri_aliases' config entry '', expected 'alias=uri://host/path'")]
        [InlineData("a b=qemu:///system", "Malformed 'uri_aliases' config entry 'a b=qemu:///system', aliases may only contain 'a-Z, 0-9, _, -'")]
        [InlineData("qemu:///x=qemu:///system", "Malformed 'uri_aliases' config entry 'qemu:///x=qemu:///system', aliases may only contain 'a-Z, 0-9, _, -'")]
        [InlineData("é=qemu:///system", "Malformed 'uri_aliases' config entry 'é=qemu:///system', aliases may only contain 'a-Z, 0-9, _, -'")]
        public void MalformedEntries(string entry, string detail)
        {
            var config = ClientConfig.FromText(F, "uri_aliases = [ \"" + entry + "\", \"ok=qemu:///system\" ]\n");
            var e = Assert.Throws<LibvirtException>(() => config.ResolveAlias("ok"));
            Assert.Equal(LibvirtErrorCode.ConfSyntax, e.Code);
            Assert.Equal(detail, e.Detail);
            Assert.Equal("configuration file syntax error: " + detail, e.Message);
        }

        [Fact]
        public void EntriesAfterTheMatchAreNotValidated()
        {
            var config = ClientConfig.FromText(F, "uri_aliases = [ \"ok=qemu:///system\", \"nosuch\" ]\n");
            Assert.Equal("qemu:///system", config.ResolveAlias("ok"));
            Assert.Throws<LibvirtException>(() => config.ResolveAlias("other"));
        }

        [Fact]
        public void EmptyAliasNameMatchesNothingButIsValid()
        {
            // "=uri" has an empty alias: valid characters (none), matches only an empty name
            var config = ClientConfig.FromText(F, "uri_aliases = [ \"=qemu:///system\" ]\n");
            Assert.Null(config.ResolveAlias("x"));
        }
    }
}
