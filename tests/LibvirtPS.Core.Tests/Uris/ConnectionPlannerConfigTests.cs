using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.SshScript;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>
    /// The remote driver's keys in libvirt.conf (libvirt-facts §1.6, §2.2): remote_mode and remote_proxy are the
    /// defaults, URI parameters win.
    /// </summary>
    public class ConnectionPlannerConfigTests
    {
        [Theory]
        [InlineData("qemu:///system", "/var/run/libvirt/virtqemud-sock", RemoteSocketMode.Direct)]
        [InlineData("qemu:///system?mode=legacy", "/var/run/libvirt/libvirt-sock", RemoteSocketMode.Legacy)]
        [InlineData("qemu:///system?mode=auto", "/var/run/libvirt/libvirt-sock", RemoteSocketMode.Legacy)]
        [InlineData("lxc:///", "/var/run/libvirt/virtlxcd-sock", RemoteSocketMode.Direct)]
        public void RemoteModeFromConfig(string uri, string socket, RemoteSocketMode mode)
        {
            using var cfg = new TempConfigFile("remote_mode = \"direct\"\n");
            var plan = cfg.Plan(uri, root: true);
            Assert.Equal(socket, plan.SocketPath);
            Assert.Equal(mode, plan.Mode);
            var modeParameter = plan.Parameters.Single(p => p.Name == "mode");
            Assert.Equal(uri.Contains("mode=") ? ParameterOrigin.Uri : ParameterOrigin.ConfigFile, modeParameter.Origin);
        }

        [Fact]
        public void RemoteModeDirectFromConfigRejectsSsh()
        {
            using var cfg = new TempConfigFile("remote_mode = \"direct\"\n");
            var e = cfg.PlanFails("qemu+ssh://h/system", root: true);
            Assert.Equal("Operation not supported: Cannot use direct socket mode for ssh transport", e.Message);
            Assert.Equal(AutoSystem(), cfg.Plan("qemu+ssh://h/system?mode=legacy", root: true).RemoteCommand);
        }

        [Fact]
        public void InvalidRemoteModeInConfig()
        {
            using var cfg = new TempConfigFile("remote_mode = \"modular\"\n");
            var e = cfg.PlanFails("qemu:///system");
            Assert.Equal("invalid argument: Unknown remote mode 'modular'", e.Message);
            // a URI mode replaces the config value before it is checked
            Assert.Equal(RemoteSocketMode.Legacy, cfg.Plan("qemu:///system?mode=legacy").Mode);
        }

        [Theory]
        [InlineData("qemu+ssh://h/system", SshProxyMode.Native)]
        [InlineData("qemu+ssh://h/system?proxy=auto", SshProxyMode.Auto)]
        [InlineData("qemu+ssh://h/system?socket=/s", SshProxyMode.Native)]
        [InlineData("qemu+libssh2://h/system", SshProxyMode.Native)]
        public void RemoteProxyFromConfig(string uri, SshProxyMode proxy)
        {
            using var cfg = new TempConfigFile("remote_proxy = \"native\"\n");
            Assert.Equal(proxy, cfg.Plan(uri, root: true).Proxy);
        }

        [Fact]
        public void RemoteProxyNetcatFromConfig()
        {
            using var cfg = new TempConfigFile("remote_proxy = \"netcat\"\n");
            Assert.Equal(Netcat(NcCmd("'nc'", SystemSocket)), cfg.Plan("qemu+ssh://h/system", root: true).RemoteCommand);
        }

        [Fact]
        public void InvalidRemoteProxyInConfig()
        {
            using var cfg = new TempConfigFile("remote_proxy = \"helper\"\n");
            var e = cfg.PlanFails("qemu+ssh://h/system");
            Assert.Equal("invalid argument: Unnkown proxy type 'helper'", e.Message);
        }

        [Theory]
        [InlineData("remote_mode = 1\n", "remote_mode")]
        [InlineData("remote_proxy = [ \"native\" ]\n", "remote_proxy")]
        public void RemoteKeysMustBeStrings(string text, string key)
        {
            using var cfg = new TempConfigFile(text);
            var e = cfg.PlanFails("qemu+ssh://h/system");
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal("internal error: " + cfg.Path + ": expected a string for '" + key + "' parameter", e.Message);
        }

        [Fact]
        public void ConfigOfTheOtherUserIsNotRead()
        {
            // root reads /etc/libvirt/libvirt.conf, others their own file: a file elsewhere is not looked at
            using var cfg = new TempConfigFile("uri_default = \"qemu+tcp://confhost/system\"\n");
            var plan = ConnectionPlanner.Plan(null, new ConnectionOptions(), cfg.Env(root: false));
            Assert.Equal(UriSource.Probe, plan.Source);
        }
    }
}
