using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>
    /// The name sent in CONNECT_OPEN (libvirt-facts §1.7), probing with no URI, and the in-process test driver.
    /// </summary>
    public class ConnectionPlannerNameTests
    {
        private const string Cmd = "command=/usr/bin/fake-ssh";

        // §1.7 verified table (Debian 12 "proceeding with name = ..." / virt-ssh-helper argument)
        [Theory]
        [InlineData("qemu+ssh://fred@example.com:2222/system", "qemu:///system")]
        [InlineData("qemu+ssh://example.com/system?" + Cmd + "&foo=bar%20baz&x=a%2Bb&y&=z&ssh=1&keyfile=/k",
            "qemu:///system?foo=bar%20baz&x=a%2Bb&y=&ssh=1")]
        [InlineData("qemu+ssh://example.com/system?" + Cmd + "&foo=bar%20baz&Name=override", "override")]
        [InlineData("qemu+ssh://example.com?" + Cmd, "qemu://")]
        [InlineData("qemu+ssh://example.com/?" + Cmd, "qemu:///")]
        [InlineData("qemu+ssh://example.com/system?" + Cmd + "#frag", "qemu:///system#frag")]
        [InlineData("qemu+ssh://example.com/my%20path", "qemu:///my%20path")]
        [InlineData("remote+ssh://example.com/", "")]
        [InlineData("test+tcp://127.0.0.1:16600/default", "test:///default")]
        [InlineData("xen", "xen:///system")]
        [InlineData("qemu:///system", "qemu:///system")]
        // §1.1: the driver part keeps its case, only the transport is folded
        [InlineData("Qemu:///system", "Qemu:///system")]
        [InlineData("QEMU+SSH://example.com/system", "QEMU:///system")]
        // §1.7 step 3: ';' separators become '&', values are re-escaped with GLib rules
        [InlineData("qemu+tcp://example.com/system?foo=one;foo=two", "qemu:///system?foo=one&foo=two")]
        [InlineData("qemu+tcp://example.com/system?v=it's&p=a+b", "qemu:///system?v=it%27s&p=a%2Bb")]
        // every consumed parameter is stripped from the name (§1.6), whatever its case
        [InlineData("qemu+tcp://example.com/system?pkipath=/p&TLS_PRIORITY=NORMAL&no_sanity=1&no_verify=1&auth=sasl&authfile=/a&keep=1",
            "qemu:///system?keep=1")]
        [InlineData("qemu+libssh://example.com/system?sshauth=agent&known_hosts=/k&KNOWN_HOSTS_VERIFY=ignore&netcat=nc&mode=legacy&proxy=auto&no_tty=1",
            "qemu:///system")]
        [InlineData("qemu+unix:///system?socket=/s&keep=a%20b", "qemu:///system?keep=a%20b")]
        // name= wins even for the remote scheme
        [InlineData("remote+ssh://example.com/?name=qemu:///system", "qemu:///system")]
        [InlineData("remote:///?name=", "")]
        public void NameSentInConnectOpen(string uri, string expectedName)
        {
            Assert.Equal(expectedName, PlanAsRoot(uri).RemoteName);
        }

        [Fact]
        public void RemoteSchemeWithoutHostIsUnixWithEmptyName()
        {
            var plan = PlanAsRoot("remote:///");
            Assert.Equal(LibvirtTransport.Unix, plan.Transport);
            Assert.Equal("", plan.RemoteName);
            Assert.Equal(UriSource.Argument, plan.Source);
            Assert.Equal("remote:///", plan.ResolvedUri);
            Assert.Equal(SshScript.SystemSocket, plan.SocketPath);
        }

        [Theory]
        [InlineData(null, true)]
        [InlineData("", true)]
        [InlineData(null, false)]
        [InlineData("", false)]
        public void NoUriProbesTheLocalDaemon(string? uri, bool root)
        {
            var plan = Plan(uri, Env(root));
            Assert.Equal(UriSource.Probe, plan.Source);
            Assert.Equal("", plan.RemoteName);
            Assert.Null(plan.ResolvedUri);
            Assert.Null(plan.ParsedUri);
            Assert.Equal(LibvirtTransport.Unix, plan.Transport);
            Assert.Equal("localhost", plan.Host);
        }

        [Theory]
        [InlineData("xen")]
        [InlineData("XEN")]
        [InlineData("Xen")]
        [InlineData("xen://")]
        public void LegacyXenNames(string uri)
        {
            var plan = PlanAsRoot(uri);
            Assert.Equal("xen:///system", plan.ResolvedUri);
            Assert.Equal("xen:///system", plan.RemoteName);
            Assert.Equal("xen", plan.Driver);
            Assert.Equal(LibvirtTransport.Unix, plan.Transport);
        }

        [Fact]
        public void XenWithHostIsNotTheLegacyName()
        {
            // only exactly "xen://" (and "xen" in any case) are rewritten
            var plan = PlanAsRoot("xen://h/");
            Assert.Equal(LibvirtTransport.Tls, plan.Transport);
            Assert.Equal("xen:///", plan.RemoteName);
        }

        // §1.7: test:///default is served in-process, never sent to a daemon
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void TestDefaultIsEmbedded(bool root)
        {
            var plan = Plan("test:///default", Env(root));
            Assert.Equal(LibvirtTransport.Embedded, plan.Transport);
            Assert.Equal("test", plan.Driver);
            Assert.Equal("/default", plan.Path);
            Assert.Null(plan.TestDriverFile);
            Assert.Null(plan.RemoteName);
            Assert.Null(plan.SocketPath);
            Assert.Null(plan.Command);
        }

        [Fact]
        public void TestWithFileIsEmbeddedWithNodeXml()
        {
            var plan = PlanAsUser("test:///tmp/node.xml");
            Assert.Equal(LibvirtTransport.Embedded, plan.Transport);
            Assert.Equal("/tmp/node.xml", plan.TestDriverFile);
            Assert.Null(plan.RemoteName);
        }

        [Theory]
        [InlineData("test:///")]
        [InlineData("test://")]
        public void TestWithoutPathFails(string uri)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal("testOpen: supply a path or use test:///default", e.Detail);
            Assert.Equal("invalid argument: testOpen: supply a path or use test:///default", e.Message);
        }

        [Theory]
        [InlineData("test+unix:///default", LibvirtTransport.Unix, "test:///default")]
        [InlineData("test+tcp://h/default", LibvirtTransport.Tcp, "test:///default")]
        [InlineData("test://h/default", LibvirtTransport.Tls, "test:///default")]
        [InlineData("test+ssh://h/default", LibvirtTransport.Ssh, "test:///default")]
        // the test driver's scheme whitelist is case-sensitive: anything else goes to the remote driver
        [InlineData("TEST:///default", LibvirtTransport.Unix, "TEST:///default")]
        public void TestWithTransportOrHostIsRemote(string uri, LibvirtTransport transport, string name)
        {
            var plan = PlanAsRoot(uri);
            Assert.Equal(transport, plan.Transport);
            Assert.Equal(name, plan.RemoteName);
            Assert.Null(plan.TestDriverFile);
        }

        [Fact]
        public void PassThroughParametersAreListedAsSuch()
        {
            var plan = PlanAsRoot("qemu+tcp://h/system?foo=bar&keep=1");
            var pass = plan.Parameters.Where(p => p.Origin == ParameterOrigin.PassThrough).Select(p => p.ToString()).ToArray();
            Assert.Equal(new[] { "foo=bar", "keep=1" }, pass);
        }
    }
}
