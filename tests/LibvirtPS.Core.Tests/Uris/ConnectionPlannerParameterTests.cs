using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>The parameters the remote driver consumes (libvirt-facts §1.6) and the auth= parameter (§6.1).</summary>
    public class ConnectionPlannerParameterTests
    {
        [Theory]
        [InlineData("keyfile=/k", "/k")]
        [InlineData("KeyFile=/k", "/k")]
        [InlineData("KEYFILE=/k", "/k")]
        [InlineData("keyfile=/a&keyfile=/b", "/b")]
        [InlineData("keyfile=/a&KEYFILE=/b", "/b")]
        [InlineData("KeyFile=/a&keyfile=/b&other=1", "/b")]
        [InlineData("keyfile=/k%20ey", "/k ey")]
        public void NamesAreCaseInsensitiveAndTheLastWins(string query, string keyFile)
        {
            var plan = PlanAsRoot("qemu+ssh://example.com/system?" + query);
            Assert.Equal(keyFile, plan.KeyFile);
            int i = plan.Command!.ToList().IndexOf("-i");
            Assert.True(i > 0);
            Assert.Equal(keyFile, plan.Command![i + 1]);
            Assert.Equal(1, plan.Command!.Count(a => a == "-i"));
            Assert.DoesNotContain("keyfile", plan.RemoteName!, System.StringComparison.OrdinalIgnoreCase);
        }

        [Theory]
        [InlineData("socket=/a&SOCKET=/b", "/b")]
        [InlineData("Socket=/a", "/a")]
        public void SocketIsCaseInsensitiveAndTheLastWins(string query, string socket)
        {
            var plan = PlanAsRoot("qemu+unix:///system?" + query);
            Assert.Equal(socket, plan.SocketPath);
            Assert.Equal("qemu:///system", plan.RemoteName);
        }

        [Theory]
        [InlineData("no_verify=1", true)]
        [InlineData("no_verify=0", false)]
        [InlineData("no_verify=2", true)]
        [InlineData("no_verify=-1", true)]
        [InlineData("no_verify=+1", true)]
        [InlineData("no_verify=%201", true)]
        [InlineData("no_verify=00", false)]
        [InlineData("NO_VERIFY=1", true)]
        [InlineData("no_verify=1&no_verify=0", false)]
        [InlineData("no_verify=0&No_Verify=7", true)]
        public void BooleansAreBase10Integers(string query, bool expected)
        {
            var plan = PlanAsRoot("qemu+tls://example.com/system?" + query);
            Assert.Equal(expected, plan.NoVerify);
        }

        [Theory]
        [InlineData("qemu+tls://example.com/system?no_verify=yes", "no_verify")]
        [InlineData("qemu+tls://example.com/system?no_verify=", "no_verify")]
        [InlineData("qemu+tls://example.com/system?no_verify", "no_verify")]
        [InlineData("qemu+tls://example.com/system?no_verify=1%20", "no_verify")]
        [InlineData("qemu+tls://example.com/system?no_verify=0x1", "no_verify")]
        [InlineData("qemu+tls://example.com/system?no_verify=1.0", "no_verify")]
        [InlineData("qemu+tls://example.com/system?no_verify=99999999999", "no_verify")]
        [InlineData("qemu+tls://example.com/system?No_Verify=true", "No_Verify")]
        [InlineData("qemu+tls://example.com/system?no_sanity=on", "no_sanity")]
        [InlineData("qemu+ssh://example.com/system?no_tty=yes", "no_tty")]
        // booleans are parsed whatever the transport uses
        [InlineData("qemu+unix:///system?no_tty=x", "no_tty")]
        // the first bad value in URI order is the one reported
        [InlineData("qemu+ssh://example.com/system?no_tty=x&no_verify=y", "no_tty")]
        public void BadBooleanIsFatal(string uri, string name)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal("invalid argument: Failed to parse value of URI component " + name, e.Message);
        }

        [Theory]
        [InlineData("qemu:///system?mode=bogus", "bogus")]
        [InlineData("qemu:///system?mode=DIRECT", "DIRECT")]
        [InlineData("qemu:///system?mode=", "")]
        [InlineData("qemu+ssh://example.com/system?mode=Auto", "Auto")]
        // mode is parsed for every transport, even where it is not used
        [InlineData("qemu+tls://example.com/system?mode=x", "x")]
        public void UnknownRemoteMode(string uri, string mode)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal("invalid argument: Unknown remote mode '" + mode + "'", e.Message);
        }

        [Theory]
        [InlineData("qemu+ssh://example.com/system?proxy=bogus", "bogus")]
        [InlineData("qemu+ssh://example.com/system?proxy=Native", "Native")]
        [InlineData("qemu+ssh://example.com/system?proxy=", "")]
        [InlineData("qemu:///system?proxy=ssh", "ssh")]
        public void UnknownProxyTypeKeepsLibvirtsTypo(string uri, string proxy)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal("invalid argument: Unnkown proxy type '" + proxy + "'", e.Message);
        }

        [Theory]
        [InlineData("auto", RemoteSocketMode.Legacy)]
        [InlineData("legacy", RemoteSocketMode.Legacy)]
        [InlineData("direct", RemoteSocketMode.Direct)]
        public void ModeValues(string mode, RemoteSocketMode resolved)
        {
            Assert.Equal(resolved, PlanAsRoot("qemu:///system?mode=" + mode).Mode);
        }

        [Theory]
        [InlineData("qemu+ext:///system")]
        [InlineData("qemu+ext://example.com/system")]
        [InlineData("qemu+EXT:///system?netcat=nc")]
        public void ExtWithoutCommand(string uri)
        {
            var e = PlanFails(uri, Root());
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal("invalid argument: remote_open: for 'ext' transport, command is required", e.Message);
        }

        [Fact]
        public void ExtRunsTheCommandAlone()
        {
            var plan = PlanAsRoot("qemu+ext:///system?command=/usr/bin/my%20tunnel&foo=1");
            Assert.Equal(LibvirtTransport.Ext, plan.Transport);
            Assert.Equal(new[] { "/usr/bin/my tunnel" }, plan.Command);
            Assert.Equal("qemu:///system?foo=1", plan.RemoteName);
            Assert.Null(plan.SocketPath);
        }

        [Theory]
        [InlineData("qemu+ssh://example.com/system?no_tty=1", new[] { "-o", "BatchMode=yes" })]
        [InlineData("qemu+ssh://example.com/system?no_verify=1", new[] { "-o", "StrictHostKeyChecking=no" })]
        public void SshFlagsFromBooleans(string uri, string[] expectedPair)
        {
            var argv = PlanAsRoot(uri).Command!.ToList();
            int i = argv.IndexOf(expectedPair[1]);
            Assert.True(i > 0);
            Assert.Equal(expectedPair[0], argv[i - 1]);
        }

        [Fact]
        public void AuthFileIsStrippedFromTheName()
        {
            var plan = PlanAsRoot("qemu+tcp://example.com/system?authfile=/etc/my-auth.conf&x=1");
            Assert.Equal("qemu:///system?x=1", plan.RemoteName);
            Assert.Equal("/etc/my-auth.conf", plan.AuthFile);
        }

        // §6.1 auth=
        [Theory]
        [InlineData("sasl")]
        [InlineData("SASL")]
        [InlineData("Sasl")]
        [InlineData("sasl.SCRAM-SHA-256")]
        [InlineData("SASL.SCRAM-SHA-256")]
        [InlineData("sasl.DIGEST-MD5")]
        [InlineData("sasl.")]
        [InlineData("polkit")]
        [InlineData("POLKIT")]
        public void AcceptedAuthTypes(string auth)
        {
            var plan = PlanAsRoot("qemu+tcp://example.com/system?auth=" + auth);
            Assert.Equal(auth, plan.Authentication);
            Assert.Equal("qemu:///system", plan.RemoteName);
        }

        [Theory]
        [InlineData("none")]
        [InlineData("bogus")]
        [InlineData("saslx")]
        [InlineData("sasl-x")]
        [InlineData("sas")]
        [InlineData("polkit1")]
        [InlineData("")]
        public void RejectedAuthTypes(string auth)
        {
            var e = PlanFails("qemu+tcp://example.com/system?auth=" + auth, Root());
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Equal("unknown authentication type " + auth, e.Detail);
            Assert.Equal("authentication failed: unknown authentication type " + auth, e.Message);
            // our advice is kept apart so the message stays exactly libvirt's
            Assert.NotNull(e.Hint);
            Assert.DoesNotContain(e.Hint!, e.Message);
        }

        [Fact]
        public void AuthLastDuplicateWins()
        {
            Assert.Equal("polkit", PlanAsRoot("qemu:///system?auth=sasl&AUTH=polkit").Authentication);
        }

        [Fact]
        public void NoAuthParameterMeansServerChooses()
        {
            Assert.Null(PlanAsRoot("qemu+tcp://example.com/system").Authentication);
        }
    }
}
