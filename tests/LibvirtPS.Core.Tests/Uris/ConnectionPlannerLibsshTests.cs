using System.Collections.Generic;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>The in-process SSH transports libssh and libssh2 (libvirt-facts §4.7).</summary>
    public class ConnectionPlannerLibsshTests
    {
        private static readonly SshAuthMethod[] WithKey =
            { SshAuthMethod.Agent, SshAuthMethod.PrivateKey, SshAuthMethod.Password, SshAuthMethod.KeyboardInteractive };

        private static readonly SshAuthMethod[] WithoutKey =
            { SshAuthMethod.Agent, SshAuthMethod.Password, SshAuthMethod.KeyboardInteractive };

        [Theory]
        [InlineData("libssh", false, null, "/home/u/.config/libvirt/known_hosts")]
        [InlineData("libssh2", false, null, "/home/u/.config/libvirt/known_hosts")]
        [InlineData("libssh", false, "/xdg/conf", "/xdg/conf/libvirt/known_hosts")]
        [InlineData("libssh2", false, "/xdg/conf", "/xdg/conf/libvirt/known_hosts")]
        [InlineData("libssh", true, null, "/root/.config/libvirt/known_hosts")]
        [InlineData("libssh2", true, "/xdg/conf", "/xdg/conf/libvirt/known_hosts")]
        public void KnownHostsDefault(string transport, bool root, string? xdgConfig, string expected)
        {
            var vars = xdgConfig == null ? null : Vars("XDG_CONFIG_HOME", xdgConfig);
            var plan = Plan("qemu+" + transport + "://example.com/system", Env(root, vars));
            Assert.Equal(expected, plan.KnownHostsPath);
            Assert.Equal(KnownHostsVerify.Normal, plan.KnownHostsVerify);
        }

        [Theory]
        [InlineData("libssh")]
        [InlineData("libssh2")]
        public void KnownHostsParameter(string transport)
        {
            var plan = PlanAsUser("qemu+" + transport + "://example.com/system?known_hosts=/etc/my%20hosts");
            Assert.Equal("/etc/my hosts", plan.KnownHostsPath);
            Assert.Equal("qemu:///system", plan.RemoteName);
        }

        [Theory]
        [InlineData("normal", KnownHostsVerify.Normal)]
        [InlineData("NORMAL", KnownHostsVerify.Normal)]
        [InlineData("auto", KnownHostsVerify.Auto)]
        [InlineData("Auto", KnownHostsVerify.Auto)]
        [InlineData("ignore", KnownHostsVerify.Ignore)]
        [InlineData("IGNORE", KnownHostsVerify.Ignore)]
        public void KnownHostsVerifyValues(string value, KnownHostsVerify expected)
        {
            foreach (var t in new[] { "libssh", "libssh2" })
            {
                var plan = PlanAsUser("qemu+" + t + "://example.com/system?known_hosts_verify=" + value);
                Assert.Equal(expected, plan.KnownHostsVerify);
            }
        }

        [Theory]
        [InlineData("bogus")]
        [InlineData("yes")]
        [InlineData("")]
        public void KnownHostsVerifyInvalid(string value)
        {
            foreach (var t in new[] { "libssh", "libssh2" })
            {
                var e = PlanFails("qemu+" + t + "://example.com/system?known_hosts_verify=" + value, User());
                Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
                Assert.Equal("Invalid host key verification method: '" + value + "'", e.Detail);
                Assert.Equal("invalid argument: Invalid host key verification method: '" + value + "'", e.Message);
            }
        }

        // default key discovery: first existing of identity, id_dsa, id_ecdsa, id_ed25519, id_rsa in ~/.ssh
        [Theory]
        [InlineData(new string[0], null)]
        [InlineData(new[] { "id_rsa" }, "id_rsa")]
        [InlineData(new[] { "id_ed25519" }, "id_ed25519")]
        [InlineData(new[] { "id_ecdsa" }, "id_ecdsa")]
        [InlineData(new[] { "id_dsa" }, "id_dsa")]
        [InlineData(new[] { "identity" }, "identity")]
        [InlineData(new[] { "id_rsa", "id_ed25519" }, "id_ed25519")]
        [InlineData(new[] { "id_rsa", "id_ecdsa", "id_ed25519" }, "id_ecdsa")]
        [InlineData(new[] { "id_rsa", "id_dsa" }, "id_dsa")]
        [InlineData(new[] { "id_rsa", "id_ecdsa", "id_ed25519", "id_dsa", "identity" }, "identity")]
        // other names are not defaults
        [InlineData(new[] { "id_ed25519_sk", "id_ecdsa_sk", "my_key" }, null)]
        public void DefaultKeyDiscoveryAndAuthOrder(string[] keys, string? expected)
        {
            foreach (var t in new[] { "libssh", "libssh2" })
            {
                var files = new List<string>();
                foreach (var k in keys) files.Add("/home/u/.ssh/" + k);
                var plan = Plan("qemu+" + t + "://example.com/system", FakeEnvironment.User(files, null));
                Assert.Equal(expected == null ? null : "/home/u/.ssh/" + expected, plan.KeyFile);
                Assert.Equal(expected == null ? WithoutKey : WithKey, plan.SshAuthMethods);
            }
        }

        [Fact]
        public void RootKeysComeFromRootsHome()
        {
            var plan = Plan("qemu+libssh://example.com/system", Root("/root/.ssh/id_rsa", "/home/u/.ssh/identity"));
            Assert.Equal("/root/.ssh/id_rsa", plan.KeyFile);
        }

        [Fact]
        public void KeyfileParameterWinsAndNeedNotExist()
        {
            var plan = Plan("qemu+libssh2://example.com/system?keyfile=/nonexistent/key", FakeEnvironment.User(new[] { "/home/u/.ssh/id_rsa" }, null));
            Assert.Equal("/nonexistent/key", plan.KeyFile);
            Assert.Equal(WithKey, plan.SshAuthMethods);
        }

        [Theory]
        [InlineData("password", new[] { SshAuthMethod.Password })]
        [InlineData("password,agent", new[] { SshAuthMethod.Password, SshAuthMethod.Agent })]
        [InlineData("keyboard-interactive,privkey", new[] { SshAuthMethod.KeyboardInteractive, SshAuthMethod.PrivateKey })]
        [InlineData("PRIVKEY,Agent", new[] { SshAuthMethod.PrivateKey, SshAuthMethod.Agent })]
        [InlineData("agent,privkey,password,keyboard-interactive",
            new[] { SshAuthMethod.Agent, SshAuthMethod.PrivateKey, SshAuthMethod.Password, SshAuthMethod.KeyboardInteractive })]
        public void SshAuthOrderIsPreserved(string sshauth, SshAuthMethod[] expected)
        {
            foreach (var t in new[] { "libssh", "libssh2" })
            {
                var plan = PlanAsUser("qemu+" + t + "://example.com/system?sshauth=" + sshauth);
                Assert.Equal(expected, plan.SshAuthMethods);
                Assert.Equal("qemu:///system", plan.RemoteName);
            }
        }

        [Theory]
        [InlineData("kerberos", "kerberos")]
        [InlineData("agent,pubkey", "pubkey")]
        [InlineData("agent,,password", "")]
        public void SshAuthInvalid(string sshauth, string bad)
        {
            foreach (var t in new[] { "libssh", "libssh2" })
            {
                var e = PlanFails("qemu+" + t + "://example.com/system?sshauth=" + sshauth, User());
                Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
                Assert.Equal("invalid argument: Invalid authentication method: '" + bad + "'", e.Message);
            }
        }

        [Theory]
        [InlineData("qemu+{0}://example.com/system", false)]
        [InlineData("qemu+{0}://example.com/system", true)]
        [InlineData("qemu+{0}://fred@example.com:2222/system?socket=/custom/sock", false)]
        [InlineData("qemu+{0}://example.com/system?netcat=n%20c", false)]
        [InlineData("qemu+{0}://example.com/system?proxy=native", false)]
        [InlineData("qemu+{0}://example.com/system?foo=bar%20baz&x=a%2Bb", false)]
        [InlineData("remote+{0}://example.com/", false)]
        public void RemoteCommandIsTheSameAsForSsh(string template, bool readOnly)
        {
            var ssh = PlanAsRoot(string.Format(template, "ssh"), readOnly);
            foreach (var t in new[] { "libssh", "libssh2" })
            {
                var plan = PlanAsRoot(string.Format(template, t), readOnly);
                Assert.Equal(ssh.RemoteCommand, plan.RemoteCommand);
                Assert.Equal(ssh.Proxy, plan.Proxy);
                Assert.Equal(ssh.HelperUri, plan.HelperUri);
                Assert.Null(plan.Command);
            }
        }

        [Fact]
        public void NonRootSessionIsNative()
        {
            var plan = PlanAsUser("qemu+libssh://example.com/session");
            Assert.Equal(SshProxyMode.Native, plan.Proxy);
            Assert.Equal("sh -c 'virt-ssh-helper 'qemu:///session''", plan.RemoteCommand);
        }

        [Theory]
        [InlineData("libssh")]
        [InlineData("libssh2")]
        public void DirectModeIsRejected(string transport)
        {
            var e = PlanFails("qemu+" + transport + "://example.com/system?mode=direct", Root());
            Assert.Equal(LibvirtErrorCode.OperationUnsupported, e.Code);
            Assert.Equal("Operation not supported: Cannot use direct socket mode for " + transport + " transport", e.Message);
        }

        [Fact]
        public void NoVerifyAndNoTtyAreNotUsed()
        {
            var plan = PlanAsUser("qemu+libssh://example.com/system?no_verify=1&no_tty=1");
            Assert.Equal(KnownHostsVerify.Normal, plan.KnownHostsVerify);
            Assert.Equal("qemu:///system", plan.RemoteName);
        }
    }
}
