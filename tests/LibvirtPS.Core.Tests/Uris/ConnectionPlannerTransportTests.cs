using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>The transport split (libvirt-facts §1.4) and the default host, port and user (§1.5).</summary>
    public class ConnectionPlannerTransportTests
    {
        private const string TransportError =
            "remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)";

        [Theory]
        [InlineData("qemu:///system", "qemu", LibvirtTransport.Unix)]
        [InlineData("qemu://example.com/system", "qemu", LibvirtTransport.Tls)]
        [InlineData("qemu+tls://example.com/system", "qemu", LibvirtTransport.Tls)]
        [InlineData("qemu+tls:///system", "qemu", LibvirtTransport.Tls)]
        [InlineData("qemu+unix:///system", "qemu", LibvirtTransport.Unix)]
        [InlineData("qemu+ssh://example.com/system", "qemu", LibvirtTransport.Ssh)]
        [InlineData("qemu+libssh2://example.com/system", "qemu", LibvirtTransport.Libssh2)]
        [InlineData("qemu+ext:///system?command=/bin/true", "qemu", LibvirtTransport.Ext)]
        [InlineData("qemu+tcp://example.com/system", "qemu", LibvirtTransport.Tcp)]
        [InlineData("qemu+libssh://example.com/system", "qemu", LibvirtTransport.Libssh)]
        // the transport is lower-cased, the driver keeps its case
        [InlineData("qemu+SSH://example.com/system", "qemu", LibvirtTransport.Ssh)]
        [InlineData("QEMU+Tcp://example.com/system", "QEMU", LibvirtTransport.Tcp)]
        [InlineData("lxc+LibSSH2://example.com/", "lxc", LibvirtTransport.Libssh2)]
        [InlineData("Qemu+UNIX:///system", "Qemu", LibvirtTransport.Unix)]
        public void TransportSplit(string uri, string driver, LibvirtTransport transport)
        {
            var plan = PlanAsRoot(uri);
            Assert.Equal(driver, plan.Driver);
            Assert.Equal(transport, plan.Transport);
        }

        [Theory]
        [InlineData("qemu+foo://example.com/system")]
        [InlineData("qemu+ssh2://example.com/system")]
        [InlineData("qemu+://example.com/system")]
        [InlineData("qemu+tls+ssh://example.com/system")]
        [InlineData("qemu+https:///system")]
        public void UnknownTransport(string uri)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal(LibvirtErrorDomain.Remote, e.Domain);
            Assert.Equal(TransportError, e.Detail);
            Assert.Equal("invalid argument: " + TransportError, e.Message);
        }

        [Theory]
        [InlineData("qemu+unix://example.com/system", "example.com")]
        [InlineData("qemu+UNIX://[::1]/system", "::1")]
        public void UnixWithHostIsRejected(string uri, string host)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal("invalid argument: using unix socket and remote server '" + host + "' is not supported.", e.Message);
        }

        // §1.5 defaults, per transport
        [Theory]
        [InlineData("qemu+tls://example.com/system", "example.com", 16514)]
        [InlineData("qemu://example.com/system", "example.com", 16514)]
        [InlineData("qemu+tls:///system", "localhost", 16514)]
        [InlineData("qemu+tls://example.com:1234/system", "example.com", 1234)]
        [InlineData("qemu+tcp://example.com/system", "example.com", 16509)]
        [InlineData("qemu+tcp:///system", "localhost", 16509)]
        [InlineData("qemu+tcp://127.0.0.1:16600/system", "127.0.0.1", 16600)]
        [InlineData("qemu+tcp://[::1]/system", "::1", 16509)]
        [InlineData("qemu+tcp://example.com:0/system", "example.com", 16509)]
        [InlineData("qemu+ssh://example.com/system", "example.com", null)]
        [InlineData("qemu+ssh:///system", "localhost", null)]
        [InlineData("qemu+ssh://example.com:2222/system", "example.com", 2222)]
        [InlineData("qemu+libssh://example.com/system", "example.com", 22)]
        [InlineData("qemu+libssh:///system", "localhost", 22)]
        [InlineData("qemu+libssh://example.com:2200/system", "example.com", 2200)]
        [InlineData("qemu+libssh2://example.com/system", "example.com", 22)]
        [InlineData("qemu+libssh2://example.com:2200/system", "example.com", 2200)]
        [InlineData("qemu+unix:///system", "localhost", null)]
        [InlineData("qemu+ext://example.com:99/system?command=/bin/true", "example.com", null)]
        public void DefaultHostAndPort(string uri, string host, int? port)
        {
            var plan = PlanAsRoot(uri);
            Assert.Equal(host, plan.Host);
            Assert.Equal(port, plan.Port);
        }

        [Theory]
        [InlineData("qemu+ssh://example.com/system", null)]
        [InlineData("qemu+ssh://fred@example.com/system", "fred")]
        [InlineData("qemu+ssh://u%40x@example.com/system", "u@x")]
        [InlineData("qemu+libssh://example.com/system", "root")]
        [InlineData("qemu+libssh://fred@example.com/system", "fred")]
        [InlineData("qemu+libssh2://example.com/system", "root")]
        [InlineData("qemu+libssh2://fred@example.com/system", "fred")]
        [InlineData("qemu+tcp://fred@example.com/system", "fred")]
        [InlineData("qemu+tls://example.com/system", null)]
        public void DefaultUser(string uri, string? user)
        {
            Assert.Equal(user, PlanAsUser(uri).UserName);
        }

        [Fact]
        public void LibsshDefaultsDoNotDependOnTheLocalUser()
        {
            // no fallback to the local user name: libvirt's default is root for libssh/libssh2 (§4.7)
            var plan = Plan("qemu+libssh://example.com/system", FakeEnvironment.User(null, Vars("USER", "alice", "LOGNAME", "alice")));
            Assert.Equal("root", plan.UserName);
            Assert.Equal(22, plan.Port);
        }

        [Fact]
        public void SshWithoutPortOrUserGivesNeitherOption()
        {
            var plan = PlanAsRoot("qemu+ssh://example.com/system");
            Assert.Null(plan.Port);
            Assert.Null(plan.UserName);
            Assert.DoesNotContain("-p", plan.Command!);
            Assert.DoesNotContain("-l", plan.Command!);
        }

        [Fact]
        public void SshWithoutHostUsesLocalhost()
        {
            var plan = PlanAsRoot("qemu+ssh:///system");
            Assert.Equal(new[] { "ssh", "-T", "-e", "none", "--", "localhost", SshScript.AutoSystem() }, plan.Command);
        }
    }
}
