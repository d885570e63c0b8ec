using LibvirtPS.Core.Ssh;
using Xunit;

namespace LibvirtPS.Core.Tests.Ssh
{
    /// <summary>The OpenSSH argv order of libvirt-facts §4.1.</summary>
    public class OpenSshArgumentsTests
    {
        private const string R = "sh -c 'x'";

        [Fact]
        public void Minimal()
        {
            Assert.Equal(new[] { "ssh", "-T", "-e", "none", "--", "h", R },
                OpenSshArguments.Build("ssh", null, null, null, false, false, "h", R));
        }

        [Fact]
        public void EverythingInLibvirtsOrder()
        {
            Assert.Equal(new[] { "/bin/ssh", "-p", "2222", "-l", "fred", "-i", "/k ey", "-T", "-e", "none",
                    "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "--", "example.com", R },
                OpenSshArguments.Build("/bin/ssh", 2222, "fred", "/k ey", true, true, "example.com", R));
        }

        [Theory]
        [InlineData(true, false, new[] { "-o", "BatchMode=yes" })]
        [InlineData(false, true, new[] { "-o", "StrictHostKeyChecking=no" })]
        public void OneOption(bool noTty, bool noVerify, string[] options)
        {
            var expected = new System.Collections.Generic.List<string> { "ssh", "-T", "-e", "none" };
            expected.AddRange(options);
            expected.AddRange(new[] { "--", "h", R });
            Assert.Equal(expected, OpenSshArguments.Build("ssh", null, null, null, noTty, noVerify, "h", R));
        }

        [Fact]
        public void RemoteCommandIsOneElementAndHostFollowsDoubleDash()
        {
            var argv = OpenSshArguments.Build("ssh", 22, null, null, false, false, "::1", "sh -c 'a b c'");
            Assert.Equal(new[] { "ssh", "-p", "22", "-T", "-e", "none", "--", "::1", "sh -c 'a b c'" }, argv);
        }

        [Fact]
        public void UserWithSpecialCharactersIsPassedAsIs()
        {
            var argv = OpenSshArguments.Build("ssh", null, "u@x:pw", null, false, false, "-oProxyCommand=evil", R);
            Assert.Equal(new[] { "ssh", "-l", "u@x:pw", "-T", "-e", "none", "--", "-oProxyCommand=evil", R }, argv);
        }
    }
}
