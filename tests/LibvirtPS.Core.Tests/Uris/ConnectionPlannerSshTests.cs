using System.Collections.Generic;
using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;
using static LibvirtPS.Core.Tests.Uris.SshScript;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>The OpenSSH transport: the exact argv of libvirt-facts §4.4, proxy choice §4.2 and quoting §4.3.</summary>
    public class ConnectionPlannerSshTests
    {
        private const string Fake = "/usr/bin/fake-ssh";
        private const string C = "command=" + Fake;

        private static string[] A(params string[] argv) => argv;

        // §4.4: (who, URI, read-only, argv program first)
        public static TheoryData<bool, string, bool, string[]> VerifiedArgv => new TheoryData<bool, string, bool, string[]>
        {
            {
                true, "qemu+ssh://fred@example.com:2222/system?" + C, false,
                A(Fake, "-p", "2222", "-l", "fred", "-T", "-e", "none", "--", "example.com",
                    "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper 'qemu:///system'; else    " +
                    "if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U /var/run/libvirt/libvirt-sock; fi'")
            },
            {
                true, "qemu+ssh://example.com/system?" + C + "&keyfile=/root/.ssh/k%20ey&no_verify=1&no_tty=1", false,
                A(Fake, "-i", "/root/.ssh/k ey", "-T", "-e", "none", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                    "--", "example.com", AutoSystem())
            },
            {
                true, "qemu+ssh://fred@example.com:2222/system?" + C, true,
                A(Fake, "-p", "2222", "-l", "fred", "-T", "-e", "none", "--", "example.com",
                    "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper -r 'qemu:///system'; else    " +
                    "if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U /var/run/libvirt/libvirt-sock-ro; fi'")
            },
            {
                true, "qemu+ssh://fred@example.com:2222/system?" + C + "&socket=/custom/sock", false,
                A(Fake, "-p", "2222", "-l", "fred", "-T", "-e", "none", "--", "example.com",
                    "sh -c 'if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U /custom/sock'")
            },
            {
                true, "qemu+ssh://fred@example.com:2222/system?" + C + "&netcat=/usr/bin/nc", false,
                A(Fake, "-p", "2222", "-l", "fred", "-T", "-e", "none", "--", "example.com",
                    "sh -c 'if '/usr/bin/nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'/usr/bin/nc' $ARG -U /var/run/libvirt/libvirt-sock'")
            },
            {
                true, "qemu+ssh://fred@example.com:2222/system?" + C + "&proxy=native", false,
                A(Fake, "-p", "2222", "-l", "fred", "-T", "-e", "none", "--", "example.com", "sh -c 'virt-ssh-helper 'qemu:///system''")
            },
            {
                true, "qemu+ssh://[::1]:22/system?" + C, false,
                A(Fake, "-p", "22", "-T", "-e", "none", "--", "::1", AutoSystem())
            },
            {
                false, "qemu+ssh://example.com/session?" + C, false,
                A(Fake, "-T", "-e", "none", "--", "example.com", "sh -c 'virt-ssh-helper 'qemu:///session''")
            },
            {
                false, "qemu+ssh://example.com/session?" + C + "&socket=/s", false,
                A(Fake, "-T", "-e", "none", "--", "example.com",
                    "sh -c 'if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U /s'")
            },
        };

        [Theory]
        [MemberData(nameof(VerifiedArgv))]
        public void VerifiedRealArgv(bool root, string uri, bool readOnly, string[] argv)
        {
            var plan = Plan(uri, Env(root, Vars("XDG_RUNTIME_DIR", UserRuntime)), readOnly);
            Assert.Equal(LibvirtTransport.Ssh, plan.Transport);
            Assert.Equal(argv, plan.Command);
            Assert.Equal(argv[argv.Length - 1], plan.RemoteCommand);
        }

        [Theory]
        [MemberData(nameof(VerifiedArgv))]
        public void SystemRowsAreTheSameForAnyUser(bool root, string uri, bool readOnly, string[] argv)
        {
            if (!root || uri.Contains("/session")) return;
            var plan = Plan(uri, User(), readOnly);
            Assert.Equal(argv, plan.Command);
        }

        [Fact]
        public void NonRootSessionIsNativeWithUserFlag()
        {
            var plan = Plan("qemu+ssh://example.com/session", User());
            Assert.Equal(SshProxyMode.Native, plan.Proxy);
            Assert.Equal(RemoteOpenFlags.User, plan.OpenFlags);
            Assert.Equal("qemu:///session", plan.HelperUri);
            Assert.Null(plan.DaemonPath);
        }

        [Fact]
        public void DefaultCommandIsSshFromPath()
        {
            var plan = PlanAsRoot("qemu+ssh://example.com/system");
            Assert.Equal(A("ssh", "-T", "-e", "none", "--", "example.com", AutoSystem()), plan.Command);
            Assert.Null(plan.Port);
        }

        [Fact]
        public void OptionOrder()
        {
            var plan = PlanAsRoot("qemu+ssh://fred@example.com:2222/system?no_verify=1&keyfile=/k&no_tty=1&command=/x/ssh");
            Assert.Equal(A("/x/ssh", "-p", "2222", "-l", "fred", "-i", "/k", "-T", "-e", "none", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "--", "example.com", AutoSystem()), plan.Command);
        }

        [Theory]
        [InlineData("qemu+ssh://example.com/system?mode=direct")]
        [InlineData("qemu+ssh://example.com/system?MODE=direct")]
        [InlineData("qemu+ssh://example.com/session?mode=direct")]
        public void DirectModeIsRejectedForSsh(string uri)
        {
            var e = PlanFails(uri, User());
            Assert.Equal(LibvirtErrorCode.OperationUnsupported, e.Code);
            Assert.Equal("Cannot use direct socket mode for ssh transport", e.Detail);
            Assert.Equal("Operation not supported: Cannot use direct socket mode for ssh transport", e.Message);
        }

        [Fact]
        public void DirectModeWithSocketIsAccepted()
        {
            // socket= skips the socket selection, so mode=direct is never checked (§3.3)
            var plan = PlanAsRoot("qemu+ssh://example.com/system?mode=direct&socket=/s");
            Assert.Equal(Netcat(NcCmd("'nc'", "/s")), plan.RemoteCommand);
        }

        [Theory]
        [InlineData("qemu+ssh://example.com/system?proxy=native&netcat=nc")]
        [InlineData("qemu+ssh://example.com/session?netcat=/bin/nc")]
        public void NetcatWithNativeProxyFails(string uri)
        {
            var e = PlanFails(uri, User());
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal("invalid argument: netcat path not valid with native proxy mode", e.Message);
        }

        // §4.2 proxy choice
        [Theory]
        [InlineData(true, "qemu+ssh://h/system", SshProxyMode.Auto)]
        [InlineData(false, "qemu+ssh://h/system", SshProxyMode.Auto)]
        [InlineData(true, "qemu+ssh://h/session", SshProxyMode.Auto)]
        [InlineData(false, "qemu+ssh://h/session", SshProxyMode.Native)]
        [InlineData(false, "test+ssh://h/default", SshProxyMode.Native)]
        [InlineData(true, "test+ssh://h/default", SshProxyMode.Auto)]
        [InlineData(true, "qemu+ssh://h/system?socket=/s", SshProxyMode.Netcat)]
        [InlineData(false, "qemu+ssh://h/session?socket=/s", SshProxyMode.Netcat)]
        [InlineData(true, "qemu+ssh://h/system?netcat=nc", SshProxyMode.Netcat)]
        [InlineData(true, "qemu+ssh://h/system?proxy=auto&netcat=nc", SshProxyMode.Netcat)]
        [InlineData(true, "qemu+ssh://h/system?proxy=netcat", SshProxyMode.Netcat)]
        [InlineData(true, "qemu+ssh://h/system?proxy=native", SshProxyMode.Native)]
        [InlineData(false, "qemu+ssh://h/session?proxy=auto", SshProxyMode.Auto)]
        [InlineData(true, "qemu+ssh://h/system?proxy=auto&socket=/s", SshProxyMode.Auto)]
        [InlineData(true, "qemu+ssh://h/system?proxy=native&socket=/s", SshProxyMode.Native)]
        public void ProxyChoice(bool root, string uri, SshProxyMode proxy)
        {
            Assert.Equal(proxy, Plan(uri, Env(root, Vars("XDG_RUNTIME_DIR", UserRuntime))).Proxy);
        }

        [Fact]
        public void ExplicitAutoProxyForASessionUsesTheLocalRuntimeSocket()
        {
            // the nc fallback socket is computed locally, which is why native is the session default (§4.2)
            var plan = Plan("qemu+ssh://h/session?proxy=auto", User());
            Assert.Equal(Auto(Helper("'qemu:///session'", false), NcCmd("'nc'", UserRuntime + "/libvirt/libvirt-sock")), plan.RemoteCommand);
        }

        [Fact]
        public void NativeProxyWithSocketIgnoresTheSocket()
        {
            var plan = PlanAsRoot("qemu+ssh://h/system?proxy=native&socket=/s");
            Assert.Equal(Native(Helper("'qemu:///system'", false)), plan.RemoteCommand);
        }

        // §4.3 quoting, seen through the planner
        [Fact]
        public void HelperUriIsDoubleEscaped()
        {
            var plan = PlanAsRoot("qemu+ssh://example.com/system?foo=bar%20baz&x=a%2Bb");
            Assert.Equal("qemu:///system?foo=bar%20baz&x=a%2Bb", plan.HelperUri);
            Assert.Equal(Auto(Helper("'''\\''qemu:///system?foo=bar%20baz&x=a%2Bb'\\''''", false), NcCmd("'nc'", SystemSocket)),
                plan.RemoteCommand);
        }

        [Fact]
        public void EmptyHelperUriForTheRemoteScheme()
        {
            var plan = PlanAsRoot("remote+ssh://example.com/");
            Assert.Equal("", plan.HelperUri);
            Assert.Equal(Auto(Helper("'''\\'''\\''''", false), NcCmd("'nc'", SystemSocket)), plan.RemoteCommand);
        }

        [Fact]
        public void NetcatWithSpaceIsDoubleEscaped()
        {
            var plan = PlanAsRoot("qemu+ssh://example.com/system?netcat=n%20c");
            Assert.Equal(Netcat(NcCmd("'''\\''n c'\\''''", SystemSocket)), plan.RemoteCommand);
            Assert.Equal("n c", plan.Netcat);
        }

        [Fact]
        public void SocketIsInsertedRaw()
        {
            var plan = PlanAsRoot("qemu+ssh://example.com/system?socket=/my%20dir/s'ock");
            Assert.Equal(Netcat(NcCmd("'nc'", "/my dir/s'ock")), plan.RemoteCommand);
        }

        [Fact]
        public void HelperGetsTheNameWithoutModeOrSocket()
        {
            // 9.0: virt-ssh-helper receives the name, i.e. without consumed parameters such as mode (§4.2)
            var plan = PlanAsRoot("qemu+ssh://example.com/system?mode=legacy&foo=1");
            Assert.Equal("qemu:///system?foo=1", plan.HelperUri);
            // '?' is special to the shell, so the name is quoted (twice)
            Assert.Equal(AutoSystem("'''\\''qemu:///system?foo=1'\\''''"), plan.RemoteCommand);
        }

        [Fact]
        public void NameParameterIsWhatTheHelperGets()
        {
            var plan = PlanAsRoot("qemu+ssh://example.com/system?name=lxc:///");
            Assert.Equal("lxc:///", plan.RemoteName);
            Assert.Equal(AutoSystem("'lxc:///'"), plan.RemoteCommand);
        }

        [Fact]
        public void IPv6HostIsGivenWithoutBrackets()
        {
            var plan = PlanAsRoot("qemu+ssh://fred@[fe80::1%25eth0]/system");
            var argv = plan.Command!.ToList();
            Assert.Equal("fe80::1%eth0", argv[argv.IndexOf("--") + 1]);
        }

        [Fact]
        public void SshPlanDoesNotUseLibsshSettings()
        {
            var plan = PlanAsRoot("qemu+ssh://example.com/system?known_hosts=/k&sshauth=agent");
            Assert.Null(plan.KnownHostsPath);
            Assert.Null(plan.SshAuthMethods);
            Assert.Equal("qemu:///system", plan.RemoteName);
            Assert.Equal(A("ssh", "-T", "-e", "none", "--", "example.com", AutoSystem()), plan.Command);
        }
    }
}
