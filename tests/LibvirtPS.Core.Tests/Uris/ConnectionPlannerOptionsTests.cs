using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;
using static LibvirtPS.Core.Tests.Uris.SshScript;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary><see cref="ConnectionOptions"/>: caller values that replace parts of the URI (the cmdlets' parameters).</summary>
    public class ConnectionPlannerOptionsTests
    {
        private static ConnectionPlan PlanWith(string? uri, ConnectionOptions options, bool root = true) =>
            ConnectionPlanner.Plan(uri, options, root ? Root() : User());

        [Fact]
        public void TransportReplacesTheSchemesTransport()
        {
            var plan = PlanWith("qemu+tcp://h/system", new ConnectionOptions { Transport = LibvirtTransport.Ssh });
            Assert.Equal(LibvirtTransport.Ssh, plan.Transport);
            Assert.Equal("qemu+ssh://h/system", plan.ResolvedUri);
            Assert.Equal(new[] { "ssh", "-T", "-e", "none", "--", "h", AutoSystem() }, plan.Command);
        }

        [Fact]
        public void TransportIsAddedToASchemeWithoutOne()
        {
            var plan = PlanWith("qemu:///system", new ConnectionOptions { Transport = LibvirtTransport.Tcp });
            Assert.Equal(LibvirtTransport.Tcp, plan.Transport);
            Assert.Equal("qemu+tcp:///system", plan.ResolvedUri);
            Assert.Equal("localhost", plan.Host);
            Assert.Equal(16509, plan.Port);
            Assert.Equal("qemu:///system", plan.RemoteName);
        }

        [Fact]
        public void ComputerNamePortAndUserReplaceTheUris()
        {
            var plan = PlanWith("qemu+ssh://fred@a.example.com:2222/system",
                new ConnectionOptions { ComputerName = "b.example.com", Port = 2200, UserName = "bob" });
            Assert.Equal("b.example.com", plan.Host);
            Assert.Equal(2200, plan.Port);
            Assert.Equal("bob", plan.UserName);
            Assert.Equal(new[] { "ssh", "-p", "2200", "-l", "bob", "-T", "-e", "none", "--", "b.example.com", AutoSystem() }, plan.Command);
            Assert.Equal("qemu+ssh://bob@b.example.com:2200/system", plan.ResolvedUri);
        }

        [Fact]
        public void ComputerNameTurnsALocalUriIntoTls()
        {
            var plan = PlanWith("qemu:///system", new ConnectionOptions { ComputerName = "h" });
            Assert.Equal(LibvirtTransport.Tls, plan.Transport);
            Assert.Equal("h", plan.Host);
            Assert.Equal(16514, plan.Port);
        }

        [Fact]
        public void ParametersReplaceTheUrisOwnCaseInsensitively()
        {
            var options = new ConnectionOptions();
            options.Parameters["keyfile"] = "/b";
            options.Parameters["no_verify"] = "1";
            var plan = PlanWith("qemu+ssh://h/system?KeyFile=/a&NO_VERIFY=0&foo=1", options);
            Assert.Equal("/b", plan.KeyFile);
            Assert.True(plan.NoVerify);
            Assert.Equal(1, plan.Command!.Count(a => a == "-i"));
            Assert.Equal(new[] { "ssh", "-i", "/b", "-T", "-e", "none", "-o", "StrictHostKeyChecking=no", "--", "h",
                AutoSystem("'''\\''qemu:///system?foo=1'\\''''") }, plan.Command);
        }

        [Fact]
        public void ParameterNamesOfOptionsAreCaseInsensitive()
        {
            var options = new ConnectionOptions();
            options.Parameters["KEYFILE"] = "/b";
            var plan = PlanWith("qemu+ssh://h/system?keyfile=/a", options);
            Assert.Equal("/b", plan.KeyFile);
        }

        [Fact]
        public void PassThroughParametersFromOptionsReachTheName()
        {
            var options = new ConnectionOptions();
            options.Parameters["extra"] = "a b";
            var plan = PlanWith("qemu+tcp://h/system?foo=1", options);
            Assert.Equal("qemu:///system?foo=1&extra=a%20b", plan.RemoteName);
        }

        [Fact]
        public void BadBooleanFromOptionsIsLibvirtsError()
        {
            var options = new ConnectionOptions();
            options.Parameters["no_verify"] = "yes";
            var e = Assert.Throws<LibvirtException>(() => PlanWith("qemu+tls://h/system", options));
            Assert.Equal("invalid argument: Failed to parse value of URI component no_verify", e.Message);
        }

        [Fact]
        public void OverridesApplyToTheDefaultUri()
        {
            var plan = ConnectionPlanner.Plan(null, new ConnectionOptions { ComputerName = "other" },
                FakeEnvironment.Root(null, Vars("LIBVIRT_DEFAULT_URI", "qemu+tcp://envhost/system")));
            Assert.Equal("other", plan.Host);
            Assert.Equal("qemu+tcp://other/system", plan.ResolvedUri);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        public void OverridesWithoutAnyUriFail(string? uri)
        {
            foreach (var options in new[]
            {
                new ConnectionOptions { ComputerName = "h" },
                new ConnectionOptions { Transport = LibvirtTransport.Ssh },
                new ConnectionOptions { Port = 22 },
                new ConnectionOptions { UserName = "bob" },
            })
            {
                var e = PlanFails(uri, Root(), options);
                Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
                Assert.StartsWith("invalid argument: ", e.Message);
            }
            var withParameter = new ConnectionOptions();
            withParameter.Parameters["keyfile"] = "/k";
            Assert.Equal(LibvirtErrorCode.InvalidArg, PlanFails(uri, User(), withParameter).Code);
        }

        [Fact]
        public void ReadOnlyAloneNeedsNoUri()
        {
            var plan = ConnectionPlanner.Plan(null, new ConnectionOptions { ReadOnly = true }, Root());
            Assert.Equal(RemoteOpenFlags.ReadOnly, plan.OpenFlags);
            Assert.Equal(SystemSocketRo, plan.SocketPath);
        }

        [Fact]
        public void EmbeddedCannotBeChosen()
        {
            var e = PlanFails("qemu:///system", Root(), new ConnectionOptions { Transport = LibvirtTransport.Embedded });
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
        }

        [Fact]
        public void UnixTransportWithComputerNameIsLibvirtsError()
        {
            var e = PlanFails("qemu:///system", Root(), new ConnectionOptions { Transport = LibvirtTransport.Unix, ComputerName = "h" });
            Assert.Equal("invalid argument: using unix socket and remote server 'h' is not supported.", e.Message);
        }
    }
}
