using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Transports.Ssh;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Transports
{
    /// <summary>known_hosts parsing and matching as OpenSSH/libssh2 do it, and the SSH authentication order.</summary>
    public sealed class SshKnownHostsTests
    {
        // a syntactically valid blob: string "ssh-ed25519" + string of 32 bytes
        private static byte[] Blob(string type, byte fill)
        {
            var ms = new MemoryStream();
            void Str(byte[] b) { ms.Write(new[] { (byte)(b.Length >> 24), (byte)(b.Length >> 16), (byte)(b.Length >> 8), (byte)b.Length }); ms.Write(b); }
            Str(Encoding.ASCII.GetBytes(type));
            Str(Enumerable.Repeat(fill, 32).ToArray());
            return ms.ToArray();
        }

        private static readonly byte[] Key = Blob("ssh-ed25519", 1);
        private static readonly byte[] Other = Blob("ssh-ed25519", 2);
        private static readonly byte[] Rsa = Blob("ssh-rsa", 3);

        private static string Line(string hosts, byte[] blob) => hosts + " " + KnownHosts.KeyTypeOf(blob) + " " + Convert.ToBase64String(blob);

        [Fact]
        public void EntryName_Port22Plain_OtherPortsBracketed()
        {
            Assert.Equal("example.com", KnownHosts.HostEntryName("example.com", 22));
            Assert.Equal("[127.0.0.1]:2222", KnownHosts.HostEntryName("127.0.0.1", 2222));
            Assert.Equal("[::1]:2222", KnownHosts.HostEntryName("::1", 2222));
        }

        [Fact]
        public void Plain_Match_NotFound_Changed()
        {
            var lines = new[] { "# comment", "", Line("example.com,192.0.2.1", Key) };
            Assert.Equal(KnownHostStatus.Match, KnownHosts.Check(lines, "example.com", 22, Key));
            Assert.Equal(KnownHostStatus.Match, KnownHosts.Check(lines, "EXAMPLE.com", 22, Key));
            Assert.Equal(KnownHostStatus.Match, KnownHosts.Check(lines, "192.0.2.1", 22, Key));
            Assert.Equal(KnownHostStatus.NotFound, KnownHosts.Check(lines, "other.example", 22, Key));
            Assert.Equal(KnownHostStatus.Changed, KnownHosts.Check(lines, "example.com", 22, Other));
            Assert.Equal(KnownHostStatus.OtherType, KnownHosts.Check(lines, "example.com", 22, Rsa));
        }

        [Fact]
        public void PortEntries_OnlyMatchTheirPort()
        {
            var lines = new[] { Line("[127.0.0.1]:2222", Key) };
            Assert.Equal(KnownHostStatus.Match, KnownHosts.Check(lines, "127.0.0.1", 2222, Key));
            Assert.Equal(KnownHostStatus.NotFound, KnownHosts.Check(lines, "127.0.0.1", 22, Key));
            Assert.Equal(KnownHostStatus.NotFound, KnownHosts.Check(lines, "127.0.0.1", 2223, Key));
            // a plain name covers port 22 only
            Assert.Equal(KnownHostStatus.NotFound, KnownHosts.Check(new[] { Line("127.0.0.1", Key) }, "127.0.0.1", 2222, Key));
        }

        [Fact]
        public void Hashed_Entries_Match()
        {
            // ssh-keygen -H: |1|base64(salt)|base64(HMAC-SHA1(salt, name))
            var salt = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
            var lines = new[] { Line(KnownHosts.HashHostName("[127.0.0.1]:2222", salt), Key), Line(KnownHosts.HashHostName("host.example", salt), Key) };
            Assert.Equal(KnownHostStatus.Match, KnownHosts.Check(lines, "127.0.0.1", 2222, Key));
            Assert.Equal(KnownHostStatus.Match, KnownHosts.Check(lines, "host.example", 22, Key));
            Assert.Equal(KnownHostStatus.Changed, KnownHosts.Check(lines, "host.example", 22, Other));
            Assert.Equal(KnownHostStatus.NotFound, KnownHosts.Check(lines, "127.0.0.1", 22, Key));
        }

        [Fact]
        public void Hashed_KnownVector_FromSshKeygen()
        {
            // `ssh-keygen -H` (OpenSSH 9.2) of a line for "localhost"
            const string field = "|1|GQAada7Mxjm9AxQkh1roT5TiCQU=|6yqcqsgdN4vjUUlTWry2m50ck8k=";
            Assert.True(KnownHosts.HostMatches(field, "localhost"));
            Assert.False(KnownHosts.HostMatches(field, "localhost2"));
            Assert.Equal(field, KnownHosts.HashHostName("localhost", Convert.FromBase64String("GQAada7Mxjm9AxQkh1roT5TiCQU=")));
        }

        [Fact]
        public void Wildcards_And_Negation()
        {
            Assert.True(KnownHosts.HostMatches("*.example.com", "a.example.com"));
            Assert.True(KnownHosts.HostMatches("192.0.2.?", "192.0.2.7"));
            Assert.False(KnownHosts.HostMatches("*.example.com,!bad.example.com", "bad.example.com"));
            Assert.True(KnownHosts.HostMatches("*.example.com,!bad.example.com", "good.example.com"));
            Assert.False(KnownHosts.HostMatches("!bad.example.com", "good.example.com"));
        }

        [Fact]
        public void Markers_RevokedAndCertAuthority()
        {
            var lines = new[] { "@cert-authority *.example.com " + KnownHosts.KeyTypeOf(Key) + " " + Convert.ToBase64String(Key) };
            Assert.Equal(KnownHostStatus.NotFound, KnownHosts.Check(lines, "a.example.com", 22, Key));
            var revoked = new[] { "@revoked * " + KnownHosts.KeyTypeOf(Key) + " " + Convert.ToBase64String(Key), Line("a.example.com", Key) };
            Assert.Equal(KnownHostStatus.Revoked, KnownHosts.Check(revoked, "a.example.com", 22, Key));
        }

        [Fact]
        public void BrokenLines_AreSkipped()
        {
            var lines = new[] { "garbage", "host ssh-ed25519 !!notbase64!!", "  ", Line("host", Key) + " comment here" };
            Assert.Equal(KnownHostStatus.Match, KnownHosts.Check(lines, "host", 22, Key));
        }

        [Fact]
        public void Fingerprint_IsOpenSshSha256()
        {
            // ssh-keygen -lf of a key prints SHA256:<unpadded base64 of SHA-256(blob)>
            var fp = KnownHosts.Fingerprint(Key);
            Assert.StartsWith("SHA256:", fp);
            Assert.False(fp.EndsWith("="));
            Assert.Equal(7 + 43, fp.Length);
        }

        [Fact]
        public void FormatLine_And_Append_CreateFolderAndKeepLines()
        {
            string dir = Path.Combine(Path.GetTempPath(), "libvirtps-kh-" + Guid.NewGuid().ToString("N"));
            try
            {
                string path = Path.Combine(dir, "sub", "known_hosts");
                KnownHosts.Append(path, KnownHosts.FormatLine("127.0.0.1", 2222, Key));
                File.AppendAllText(path, "other ssh-rsa AAAA"); // no trailing newline
                KnownHosts.Append(path, KnownHosts.FormatLine("h", 22, Rsa));
                var lines = File.ReadAllLines(path);
                Assert.Equal("[127.0.0.1]:2222 ssh-ed25519 " + Convert.ToBase64String(Key), lines[0]);
                Assert.Equal("other ssh-rsa AAAA", lines[1]);
                Assert.Equal("h ssh-rsa " + Convert.ToBase64String(Rsa), lines[2]);
                Assert.Equal(KnownHostStatus.Match, KnownHosts.Check(KnownHosts.ReadLines(path), "127.0.0.1", 2222, Key));
                Assert.Empty(KnownHosts.ReadLines(Path.Combine(dir, "missing")));
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }

        // ---------------- authentication order and user

        private static ConnectionPlan Plan(string uri) => ConnectionPlanner.Plan(uri, new ConnectionOptions());

        [Fact]
        public void AuthOrder_AsGiven_WithKeyFile()
        {
            var p = Plan("qemu+libssh2://h/system?keyfile=/k&sshauth=password,privkey,keyboard-interactive,agent");
            Assert.Equal(new[] { SshAuthMethod.Password, SshAuthMethod.PrivateKey, SshAuthMethod.KeyboardInteractive, SshAuthMethod.Agent }, p.SshAuthMethods);
            var d = Plan("qemu+libssh://h/system?keyfile=/k");
            Assert.Equal(new[] { SshAuthMethod.Agent, SshAuthMethod.PrivateKey, SshAuthMethod.Password, SshAuthMethod.KeyboardInteractive }, d.SshAuthMethods);
        }

        [Fact]
        public void AuthOrder_Unknown_IsLibvirtsError()
        {
            var e = Assert.Throws<LibvirtException>(() => Plan("qemu+libssh2://h/system?sshauth=privkey,magic"));
            Assert.Contains("Invalid authentication method: 'magic'", e.Message);
        }

        [Fact]
        public void User_UriWins_ThenCredential_ThenRoot()
        {
            var cred = new NetworkCredential("fred", "x");
            Assert.Equal("alice", SshNetTransport.EffectiveUser(Plan("qemu+libssh2://alice@h/system"), cred));
            Assert.Equal("fred", SshNetTransport.EffectiveUser(Plan("qemu+libssh2://h/system"), cred));
            Assert.Equal("root", SshNetTransport.EffectiveUser(Plan("qemu+libssh2://h/system"), new NetworkCredential("", "x")));
            Assert.Equal("root", SshNetTransport.EffectiveUser(Plan("qemu+libssh2://h/system"), null));
        }

        [Fact]
        public void AuthConf_SshServiceLookup()
        {
            var conf = AuthConfig.Parse("/x/auth.conf",
                "[credentials-a]\nusername=root\npassword=s3cret\n\n[auth-ssh-127.0.0.1]\ncredentials=a\n[auth-ssh-default]\ncredentials=missing\n");
            Assert.Equal("s3cret", conf.Lookup("ssh", "127.0.0.1", "password"));
            Assert.Equal("root", conf.Lookup("ssh", "127.0.0.1", "username"));
            Assert.Null(conf.Lookup("libvirt", "127.0.0.1", "password"));
            var e = Assert.Throws<LibvirtException>(() => conf.Lookup("ssh", "elsewhere", "password"));
            Assert.Contains("Missing group 'credentials-missing' referenced from group 'auth-ssh-default' in '/x/auth.conf'", e.Message);
        }
    }
}
