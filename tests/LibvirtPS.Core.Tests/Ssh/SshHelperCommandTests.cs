using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Ssh;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Ssh
{
    /// <summary>
    /// libvirt's tests/virnetsockettest.c SSH cases (libvirt-facts §4.5): helper URI <c>qemu:///session</c>,
    /// read-only, socket <c>/tmp/socket</c>; the fake ssh prints its arguments (without argv[0]) joined by spaces
    /// plus "\n". Expected strings are written out from the facts.
    /// </summary>
    public class SshHelperCommandTests
    {
        private const string Socket = "/tmp/socket";
        private const string DriverUri = "qemu:///session";

        // NCP(x) of §4.5 with the quoted token for x
        private static string Ncp(string quoted) =>
            "if " + quoted + " -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;" + quoted + " $ARG -U /tmp/socket";

        /// <summary>What tests/ssh.c would print for the argv libvirt builds.</summary>
        private static string FakeSshOutput(string host, int? port, string? user, string? netcat, bool noTty, bool noVerify,
            string? keyFile, SshProxyMode proxy)
        {
            string remote = SshHelperCommand.Build(proxy, netcat, Socket, DriverUri, readOnly: true);
            var argv = OpenSshArguments.Build("ssh", port, user, keyFile, noTty, noVerify, host, remote);
            return string.Join(" ", argv.Skip(1)) + "\n";
        }

        public static TheoryData<int, string, int?, string?, string?, bool, bool, string?, SshProxyMode, string> Cases =>
            new TheoryData<int, string, int?, string?, string?, bool, bool, string?, SshProxyMode, string>
            {
                { 1, "somehost", null, null, "nc", false, false, null, SshProxyMode.Auto,
                    "-T -e none -- somehost sh -c '" + Ncp("'nc'") + "'\n" },
                { 2, "somehost", 9000, "fred", "netcat", true, false, null, SshProxyMode.Auto,
                    "-p 9000 -l fred -T -e none -o BatchMode=yes -- somehost sh -c '" + Ncp("'netcat'") + "'\n" },
                { 3, "somehost", 9000, "fred", "netcat", false, true, null, SshProxyMode.Auto,
                    "-p 9000 -l fred -T -e none -o StrictHostKeyChecking=no -- somehost sh -c '" + Ncp("'netcat'") + "'\n" },
                { 5, "crashyhost", null, null, "nc", false, false, null, SshProxyMode.Auto,
                    "-T -e none -- crashyhost sh -c '" + Ncp("'nc'") + "'\n" },
                { 6, "example.com", null, null, "nc", false, true, "/root/.ssh/example_key", SshProxyMode.Auto,
                    "-i /root/.ssh/example_key -T -e none -o StrictHostKeyChecking=no -- example.com sh -c '" + Ncp("'nc'") + "'\n" },
                { 7, "somehost", null, null, "n c", false, false, null, SshProxyMode.Auto,
                    "-T -e none -- somehost sh -c '" + Ncp("'''\\''n c'\\''''") + "'\n" },
                { 8, "somehost", null, null, "n'c", false, false, null, SshProxyMode.Auto,
                    "-T -e none -- somehost sh -c '" + Ncp("'''\\''n'\\''\\'\\'''\\''c'\\''''") + "'\n" },
                { 9, "somehost", null, null, "n\"c", false, false, null, SshProxyMode.Auto,
                    "-T -e none -- somehost sh -c '" + Ncp("'''\\''n\"c'\\''''") + "'\n" },
                { 10, "somehost", null, null, null, false, false, null, SshProxyMode.Auto,
                    "-T -e none -- somehost sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     " +
                    "virt-ssh-helper -r 'qemu:///session'; else    " + Ncp("'nc'") + "; fi'\n" },
                { 11, "somehost", null, null, null, false, false, null, SshProxyMode.Native,
                    "-T -e none -- somehost sh -c 'virt-ssh-helper -r 'qemu:///session''\n" },
            };

        [Theory]
        [MemberData(nameof(Cases))]
        public void VirnetsockettestSshCases(int number, string host, int? port, string? user, string? netcat, bool noTty,
            bool noVerify, string? keyFile, SshProxyMode proxy, string expected)
        {
            Assert.True(number > 0);
            Assert.Equal(expected, FakeSshOutput(host, port, user, netcat, noTty, noVerify, keyFile, proxy));
        }

        [Fact]
        public void VirnetsockettestCase4NosuchhostStillBuildsACommand()
        {
            // case 4 only checks that connecting fails (the fake ssh refuses "nosuchhost"); nothing to plan differently
            Assert.Equal("-T -e none -- nosuchhost sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     " +
                "virt-ssh-helper -r 'qemu:///session'; else    " + Ncp("'nc'") + "; fi'\n",
                FakeSshOutput("nosuchhost", null, null, null, false, false, null, SshProxyMode.Auto));
        }

        [Theory]
        [InlineData(SshProxyMode.Auto, null, SshProxyMode.Auto)]
        [InlineData(SshProxyMode.Auto, "nc", SshProxyMode.Netcat)]
        [InlineData(SshProxyMode.Netcat, null, SshProxyMode.Netcat)]
        [InlineData(SshProxyMode.Netcat, "nc", SshProxyMode.Netcat)]
        [InlineData(SshProxyMode.Native, null, SshProxyMode.Native)]
        public void EffectiveProxy(SshProxyMode proxy, string? netcat, SshProxyMode expected)
        {
            Assert.Equal(expected, SshHelperCommand.EffectiveProxy(proxy, netcat));
        }

        [Theory]
        [InlineData(false, "sh -c 'virt-ssh-helper 'qemu:///system''")]
        [InlineData(true, "sh -c 'virt-ssh-helper -r 'qemu:///system''")]
        public void NativeReadOnlyFlag(bool readOnly, string expected)
        {
            Assert.Equal(expected, SshHelperCommand.Build(SshProxyMode.Native, null, "/ignored", "qemu:///system", readOnly));
        }

        [Fact]
        public void NetcatProxyWithoutNetcatUsesNc()
        {
            Assert.Equal("sh -c '" + Ncp("'nc'") + "'", SshHelperCommand.Build(SshProxyMode.Netcat, null, Socket, DriverUri, false));
        }

        [Fact]
        public void AutoScriptWhitespaceIsExact()
        {
            string s = SshHelperCommand.Build(SshProxyMode.Auto, null, "/s", "qemu:///system", false);
            Assert.Contains("; if test $? = 0; then     virt-ssh-helper", s);
            Assert.Contains("; else    if 'nc'", s);
            Assert.EndsWith(" -U /s; fi'", s);
            Assert.DoesNotContain("else;", s);
        }

        [Fact]
        public void NativeWithNetcatFails()
        {
            var e = Assert.Throws<LibvirtException>(() => SshHelperCommand.Build(SshProxyMode.Native, "nc", Socket, DriverUri, true));
            Assert.Equal(LibvirtErrorCode.InvalidArg, e.Code);
            Assert.Equal("invalid argument: netcat path not valid with native proxy mode", e.Message);
        }

        [Fact]
        public void EmptyUriForTheRemoteScheme()
        {
            Assert.Equal("sh -c 'virt-ssh-helper '''\\'''\\'''''", SshHelperCommand.Build(SshProxyMode.Native, null, Socket, "", false));
        }

        [Fact]
        public void UriWithParametersIsDoubleEscaped()
        {
            Assert.Equal("sh -c 'virt-ssh-helper '''\\''qemu:///system?foo=bar%20baz&x=a%2Bb'\\'''''",
                SshHelperCommand.Build(SshProxyMode.Native, null, Socket, "qemu:///system?foo=bar%20baz&x=a%2Bb", false));
        }
    }
}
