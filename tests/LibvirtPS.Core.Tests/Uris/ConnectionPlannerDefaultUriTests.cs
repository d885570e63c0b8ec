using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>
    /// Default URI, client config and aliases (libvirt-facts §2.1, §2.3) and the checks libvirt makes before a
    /// driver sees the URI.
    /// </summary>
    public class ConnectionPlannerDefaultUriTests
    {
        private const string Aliases =
            "uri_aliases = [\n" +
            "  \"hail=qemu+ssh://root@hail.cloud.example.com/system\",\n" +
            "  \"sleet=qemu+ssh://root@sleet.cloud.example.com/system\",\n" +
            "  \"Sleet_2-x=qemu+tcp://sleet2/system\",\n" +
            "  \"params=qemu+tls://h/system?pkipath=/p&name=a=b\",\n" +
            "  \"hail=qemu:///second-hail\",\n" +
            "  \"chain=hail\",\n" +
            "  \"bare=nothing\",\n" +
            "]\n";

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        public void LibvirtDefaultUri(string? given)
        {
            var plan = Plan(given, FakeEnvironment.User(null, Vars("LIBVIRT_DEFAULT_URI", "qemu+tcp://envhost/system")));
            Assert.Equal(UriSource.Environment, plan.Source);
            Assert.Equal("qemu+tcp://envhost/system", plan.ResolvedUri);
            Assert.Equal("envhost", plan.Host);
            Assert.Equal("qemu:///system", plan.RemoteName);
        }

        [Fact]
        public void EmptyLibvirtDefaultUriIsIgnored()
        {
            var plan = Plan(null, FakeEnvironment.Root(null, Vars("LIBVIRT_DEFAULT_URI", "")));
            Assert.Equal(UriSource.Probe, plan.Source);
            Assert.Equal("", plan.RemoteName);
        }

        [Fact]
        public void GivenUriWinsOverLibvirtDefaultUri()
        {
            var plan = Plan("qemu:///system", FakeEnvironment.Root(null, Vars("LIBVIRT_DEFAULT_URI", "qemu+tcp://envhost/system")));
            Assert.Equal(UriSource.Argument, plan.Source);
            Assert.Equal(LibvirtTransport.Unix, plan.Transport);
        }

        [Fact]
        public void UriDefaultFromLibvirtConf()
        {
            using var cfg = new TempConfigFile("uri_default = \"qemu+tcp://confhost/system\"\n");
            var plan = cfg.Plan(null);
            Assert.Equal(UriSource.ConfigFile, plan.Source);
            Assert.Equal("qemu+tcp://confhost/system", plan.ResolvedUri);
            Assert.Equal("confhost", plan.Host);
        }

        [Fact]
        public void LibvirtDefaultUriWinsOverUriDefault()
        {
            using var cfg = new TempConfigFile("uri_default = \"qemu+tcp://confhost/system\"\n");
            var plan = cfg.Plan(null, vars: Vars("LIBVIRT_DEFAULT_URI", "qemu+tcp://envhost/system"));
            Assert.Equal(UriSource.Environment, plan.Source);
            Assert.Equal("envhost", plan.Host);
        }

        [Fact]
        public void UriDefaultNotAString()
        {
            using var cfg = new TempConfigFile("uri_default = 1\n");
            var e = cfg.PlanFails(null);
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal("internal error: " + cfg.Path + ": expected a string for 'uri_default' parameter", e.Message);
        }

        [Fact]
        public void UriDefaultIsNotReadWhenAUriIsGiven()
        {
            using var cfg = new TempConfigFile("uri_default = 1\n");
            Assert.Equal("qemu:///system", cfg.Plan("qemu:///system").RemoteName);
        }

        [Theory]
        [InlineData("hail", "qemu+ssh://root@hail.cloud.example.com/system")]
        [InlineData("sleet", "qemu+ssh://root@sleet.cloud.example.com/system")]
        [InlineData("Sleet_2-x", "qemu+tcp://sleet2/system")]
        // the value after the first '=' is used verbatim
        [InlineData("params", "qemu+tls://h/system?pkipath=/p&name=a=b")]
        public void AliasIsResolved(string alias, string expanded)
        {
            using var cfg = new TempConfigFile(Aliases);
            var plan = cfg.Plan(alias);
            Assert.Equal(UriSource.Alias, plan.Source);
            Assert.Equal(alias, plan.Alias);
            Assert.Equal(expanded, plan.ResolvedUri);
        }

        [Fact]
        public void AliasValueWithExtraEquals()
        {
            using var cfg = new TempConfigFile(Aliases);
            var plan = cfg.Plan("params");
            Assert.Equal("a=b", plan.RemoteName);
            Assert.Equal("/p/cacert.pem", plan.Pki!.CACertificate);
        }

        [Fact]
        public void FirstMatchingAliasWins()
        {
            using var cfg = new TempConfigFile(Aliases);
            Assert.Equal("hail.cloud.example.com", cfg.Plan("hail").Host);
        }

        [Theory]
        [InlineData("HAIL")]
        [InlineData("sleet_2-x")]
        [InlineData("hai")]
        [InlineData("hail2")]
        public void AliasMatchIsExactAndCaseSensitive(string name)
        {
            using var cfg = new TempConfigFile(Aliases);
            var e = cfg.PlanFails(name);
            Assert.Equal(LibvirtErrorCode.NoConnect, e.Code);
            Assert.Equal("no connection driver available for URI '" + name + "' does not include a driver name", e.Message);
        }

        [Fact]
        public void AliasesAreNotRecursive()
        {
            using var cfg = new TempConfigFile(Aliases);
            var e = cfg.PlanFails("chain");
            Assert.Equal(LibvirtErrorCode.NoConnect, e.Code);
            Assert.Equal("no connection driver available for URI 'hail' does not include a driver name", e.Message);
        }

        [Fact]
        public void AliasesApplyToLibvirtDefaultUriAndUriDefault()
        {
            using var cfg = new TempConfigFile(Aliases.Replace("uri_aliases", "uri_default = \"sleet\"\nuri_aliases"));
            Assert.Equal("sleet.cloud.example.com", cfg.Plan(null).Host);
            Assert.Equal("hail.cloud.example.com", cfg.Plan(null, vars: Vars("LIBVIRT_DEFAULT_URI", "hail")).Host);
        }

        [Fact]
        public void UnknownNameWithoutAliases()
        {
            var e = PlanFails("hail", Root());
            Assert.Equal(LibvirtErrorCode.NoConnect, e.Code);
            Assert.Equal("URI 'hail' does not include a driver name", e.Detail);
            Assert.Equal("no connection driver available for URI 'hail' does not include a driver name", e.Message);
        }

        [Theory]
        [InlineData("hail?x=1")]
        [InlineData("/var/run/sock")]
        [InlineData("//host/path")]
        public void MissingScheme(string uri)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.NoConnect, e.Code);
            Assert.Equal("no connection driver available for URI '" + uri + "' does not include a driver name", e.Message);
        }

        [Theory]
        [InlineData("[\"nosuch\"]", "nosuch", "expected 'alias=uri://host/path'")]
        [InlineData("[\"bad alias=qemu:///system\"]", "bad alias=qemu:///system", "aliases may only contain 'a-Z, 0-9, _, -'")]
        [InlineData("[\"b.d=qemu:///system\"]", "b.d=qemu:///system", "aliases may only contain 'a-Z, 0-9, _, -'")]
        [InlineData("[\"ok=qemu:///system\", \"nosuch\"]", "nosuch", "expected 'alias=uri://host/path'")]
        public void MalformedAliasMakesEveryOpenFail(string list, string entry, string why)
        {
            using var cfg = new TempConfigFile("uri_aliases = " + list + "\n");
            foreach (var uri in new[] { "qemu:///system", "qemu+ssh://h/system", "whatever" })
            {
                var e = cfg.PlanFails(uri);
                Assert.Equal(LibvirtErrorCode.ConfSyntax, e.Code);
                Assert.Equal("configuration file syntax error: Malformed 'uri_aliases' config entry '" + entry + "', " + why, e.Message);
            }
        }

        [Fact]
        public void MalformedAliasAfterTheMatchIsNotSeen()
        {
            using var cfg = new TempConfigFile("uri_aliases = [ \"hail=qemu:///system\", \"nosuch\" ]\n");
            Assert.Equal("qemu:///system", cfg.Plan("hail").ResolvedUri);
            Assert.Throws<LibvirtException>(() => cfg.Plan("other"));
        }

        [Fact]
        public void MalformedAliasDoesNotStopProbing()
        {
            // aliases are only looked up when there is a URI string
            using var cfg = new TempConfigFile("uri_aliases = [ \"nosuch\" ]\n");
            Assert.Equal(UriSource.Probe, cfg.Plan(null).Source);
        }

        [Fact]
        public void UriAliasesPlainStringIsRejected()
        {
            using var cfg = new TempConfigFile("uri_aliases = \"hail=qemu:///system\"\n");
            var e = cfg.PlanFails("hail");
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal("internal error: " + cfg.Path + ": expected a string list for 'uri_aliases' parameter", e.Message);
        }

        [Fact]
        public void SyntaxErrorInLibvirtConfMakesEveryOpenFail()
        {
            using var cfg = new TempConfigFile("uri_default = \"qemu:///system\"\nbroken line\n");
            foreach (var uri in new[] { null, "qemu:///system", "test:///default" })
            {
                var e = cfg.PlanFails(uri);
                Assert.Equal(LibvirtErrorCode.ConfSyntax, e.Code);
                Assert.Equal("configuration file syntax error: " + cfg.Path + ":2: expecting an assignment", e.Message);
            }
        }

        [Fact]
        public void MissingConfigFileIsNoConfig()
        {
            // the fake machine says the file does not exist, so it is never read
            var plan = ConnectionPlanner.Plan(null, new ConnectionOptions { ConfigPath = "/nonexistent/libvirt.conf" }, Root());
            Assert.Equal(UriSource.Probe, plan.Source);
        }

        [Theory]
        [InlineData("qemu://system", "invalid URI qemu://system (maybe you want qemu:///system)")]
        [InlineData("qemu://session", "invalid URI qemu://session (maybe you want qemu:///session)")]
        [InlineData("qemu://system/", "invalid URI qemu://system/ (maybe you want qemu:///system)")]
        [InlineData("vbox://session", "invalid URI vbox://session (maybe you want vbox:///session)")]
        [InlineData("vz://system", "invalid URI vz://system (maybe you want vz:///system)")]
        public void MissingSlash(string uri, string detail)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal("internal error: " + detail, e.Message);
        }

        [Theory]
        [InlineData("qemu+ssh://system/", LibvirtTransport.Ssh)]
        [InlineData("lxc://system", LibvirtTransport.Tls)]
        [InlineData("QEMU://system", LibvirtTransport.Tls)]
        [InlineData("qemu://systemd", LibvirtTransport.Tls)]
        public void MissingSlashCheckOnlyForQemuVboxVz(string uri, LibvirtTransport transport)
        {
            Assert.Equal(transport, PlanAsRoot(uri).Transport);
        }

        [Fact]
        public void MissingSlashCheckAppliesAfterAliases()
        {
            using var cfg = new TempConfigFile("uri_aliases = [ \"oops=qemu://system\" ]\n");
            var e = cfg.PlanFails("oops");
            Assert.Equal("internal error: invalid URI qemu://system (maybe you want qemu:///system)", e.Message);
        }

        [Theory]
        [InlineData("qemu:///sys tem")]
        [InlineData("qemu:///%zz")]
        [InlineData("qemu+ssh://host:/system")]
        public void UnparsableUri(string uri)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal(LibvirtErrorDomain.Uri, e.Domain);
            Assert.Equal("internal error: Unable to parse URI " + uri, e.Message);
        }
    }
}
