using System;
using System.IO;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;

namespace LibvirtPS.Core.Tests.Integration
{
    /// <summary>The sshd fixture itself: keys log in, host key checks, rotation, stop/start.</summary>
    public sealed class SshProcessFixtureTests : IClassFixture<SshdFixture>
    {
        private readonly SshdFixture _sshd;

        public SshProcessFixtureTests(SshdFixture sshd) => _sshd = sshd;

        private void SkipIfUnavailable() => Skip.If(_sshd.UnavailableReason != null, _sshd.UnavailableReason);

        [SkippableFact]
        public void Wrapper_logs_in_with_each_key()
        {
            SkipIfUnavailable();
            var r = _sshd.RunSsh("127.0.0.1", "echo ok-$(id -u)");
            Assert.True(r.ExitCode == 0, r + "\n" + _sshd.LogTail());
            Assert.Equal("ok-0", r.Stdout.Trim());
            foreach (var key in new[] { _sshd.UserRsaKeyPemPath })
            {
                var w = _sshd.WriteWrapperWith("ssh-rsa-pem", "IdentityFile " + key);
                var psi = new System.Diagnostics.ProcessStartInfo(w) { RedirectStandardOutput = true, RedirectStandardError = true };
                psi.ArgumentList.Add("-o"); psi.ArgumentList.Add("IdentityFile=" + key);
                psi.ArgumentList.Add("127.0.0.1"); psi.ArgumentList.Add("echo rsa-ok");
                using var p = System.Diagnostics.Process.Start(psi)!;
                string o = p.StandardOutput.ReadToEnd(), e = p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, e);
                Assert.Equal("rsa-ok", o.Trim());
            }
            Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(_sshd.UserRsaKeyPemPath));
            Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", File.ReadAllText(_sshd.UserKeyPath));
            Assert.StartsWith("ssh-ed25519 AAAA", _sshd.HostPublicKeyLine);
            Assert.Contains("[127.0.0.1]:" + _sshd.Port + " " + _sshd.HostPublicKeyLine, File.ReadAllText(_sshd.KnownHostsPath));
        }

        [SkippableFact]
        public void Password_user_logs_in_with_askpass()
        {
            SkipIfUnavailable();
            Skip.If(_sshd.PasswordUser == null, "no password user could be created (useradd/chpasswd)");
            string askpass = _sshd.WriteScript("askpass", "echo '" + _sshd.PasswordUserPassword + "'");
            var psi = new System.Diagnostics.ProcessStartInfo(_sshd.SshPath) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var a in new[] { "-F", _sshd.SshConfigPath, "-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
                "-o", "NumberOfPasswordPrompts=1", "-l", _sshd.PasswordUser!, "127.0.0.1", "echo pw-ok" }) psi.ArgumentList.Add(a);
            psi.Environment["SSH_ASKPASS"] = askpass;
            psi.Environment["SSH_ASKPASS_REQUIRE"] = "force";
            psi.Environment["DISPLAY"] = ":0";
            using var p = System.Diagnostics.Process.Start(psi)!;
            p.StandardInput.Close();
            string o = p.StandardOutput.ReadToEnd(), e = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, e + "\n" + _sshd.LogTail());
            Assert.Equal("pw-ok", o.Trim());
        }

        [SkippableFact]
        public void Rotate_and_stop_start()
        {
            SkipIfUnavailable();
            string before = _sshd.HostPublicKeyLine;
            _sshd.RotateHostKey();
            try
            {
                Assert.NotEqual(before, _sshd.HostPublicKeyLine);
                var r = _sshd.RunSsh("127.0.0.1", "true");
                Assert.NotEqual(0, r.ExitCode);
                Assert.Contains("Host key verification failed.", r.Stderr);
            }
            finally
            {
                // restore a matching known_hosts for the other tests of the class
                File.WriteAllText(_sshd.KnownHostsPath, "[127.0.0.1]:" + _sshd.Port + " " + _sshd.HostPublicKeyLine + "\n");
            }
            _sshd.Stop();
            var down = _sshd.RunSsh("127.0.0.1", "true");
            Assert.Contains("Connection refused", down.Stderr);
            _sshd.Start();
            Assert.Equal(0, _sshd.RunSsh("127.0.0.1", "true").ExitCode);
        }
    }
}
