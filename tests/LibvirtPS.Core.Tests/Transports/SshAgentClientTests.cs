// The ssh-agent protocol client and the SSH.NET key source built on it, against SshAgentFakeServer.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using LibvirtPS.Core.Transports.Ssh;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Utilities;
using Org.BouncyCastle.Security;
using Renci.SshNet;
using Renci.SshNet.Security;
using Xunit;

namespace LibvirtPS.Core.Tests.Transports
{
    public sealed class SshAgentClientTests : IDisposable
    {
        private static readonly Lazy<PrivateKeyFile> Ed25519 = new Lazy<PrivateKeyFile>(() =>
        {
            var key = new Ed25519PrivateKeyParameters(new SecureRandom());
            var der = OpenSshPrivateKeyUtilities.EncodePrivateKey(key);
            string pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks) +
                         "\n-----END OPENSSH PRIVATE KEY-----\n";
            return new PrivateKeyFile(new MemoryStream(Encoding.ASCII.GetBytes(pem)));
        });

        private static readonly Lazy<PrivateKeyFile> Ecdsa = new Lazy<PrivateKeyFile>(() =>
            new PrivateKeyFile(new MemoryStream(Encoding.ASCII.GetBytes(ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem()))));

        private static readonly Lazy<PrivateKeyFile> Rsa = new Lazy<PrivateKeyFile>(() =>
            new PrivateKeyFile(new MemoryStream(Encoding.ASCII.GetBytes(RSA.Create(2048).ExportPkcs8PrivateKeyPem()))));

        private readonly SshAgentFakeServer _agent = new SshAgentFakeServer();

        public void Dispose() => _agent.Dispose();

        private SshAgentClient Client() => SshAgentClient.For(_agent.SocketPath);

        private static KeyHostAlgorithm Verifier(PrivateKeyFile key, string algorithm) =>
            (KeyHostAlgorithm)key.HostKeyAlgorithms.First(h => h.Name == algorithm);

        [Fact]
        public void RequestIdentities_ListsKeysWithTypesAndComments()
        {
            _agent.Add(Ed25519.Value, "ed@test");
            _agent.Add(Ecdsa.Value, "ec@test");
            _agent.Add(Rsa.Value, "rsa@test — ünïcode");
            var ids = Client().RequestIdentities();
            Assert.Equal(new[] { "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa" }, ids.Select(i => i.KeyType));
            Assert.Equal(new[] { "ed@test", "ec@test", "rsa@test — ünïcode" }, ids.Select(i => i.Comment));
            Assert.Equal(SshAgentFakeServer.BlobOf(Ed25519.Value), ids[0].PublicKeyBlob);
            Assert.StartsWith("SHA256:", ids[0].Fingerprint);
            Assert.Equal(new[] { "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa" }, ids[2].SignatureAlgorithms);
            Assert.Equal(new[] { "ssh-ed25519" }, ids[0].SignatureAlgorithms);
            Assert.Equal(new[] { ((byte)11, 0u) }, _agent.Requests.ToArray());
        }

        [Fact]
        public void RequestIdentities_EmptyAgent()
        {
            Assert.Empty(Client().RequestIdentities());
        }

        [Theory]
        [InlineData("ed25519", "ssh-ed25519", 0u)]
        [InlineData("ecdsa", "ecdsa-sha2-nistp256", 0u)]
        [InlineData("rsa", "rsa-sha2-512", 4u)]
        [InlineData("rsa", "rsa-sha2-256", 2u)]
        [InlineData("rsa", "ssh-rsa", 0u)]
        public void HostAlgorithm_SignatureComesFromAgentAndVerifies(string keyName, string algorithm, uint expectedFlags)
        {
            var key = keyName == "ed25519" ? Ed25519.Value : keyName == "ecdsa" ? Ecdsa.Value : Rsa.Value;
            _agent.Add(key, keyName);
            var agent = Client();
            var id = agent.RequestIdentities().Single();
            var source = new SshAgentKeySource(id, agent);
            Assert.Equal(id.SignatureAlgorithms, source.HostKeyAlgorithms.Select(h => h.Name));

            var host = source.HostKeyAlgorithms.First(h => h.Name == algorithm);
            Assert.Equal(SshAgentFakeServer.BlobOf(key), host.Data);
            var data = RandomNumberGenerator.GetBytes(97);
            var signature = host.Sign(data);

            Assert.Equal(algorithm, SshAgentClient.SignatureFormat(signature));
            Assert.True(Verifier(key, algorithm).VerifySignature(data, signature), "the agent's signature verifies with the public key");
            Assert.False(Verifier(key, algorithm).VerifySignature(RandomNumberGenerator.GetBytes(97), signature));
            Assert.Contains(((byte)13, expectedFlags), _agent.Requests);
        }

        [Fact]
        public void Sign_UnknownKey_AgentFailureIsAnError()
        {
            _agent.Add(Ed25519.Value, "ed");
            var e = Assert.Throws<SshAgentException>(() => Client().Sign(SshAgentFakeServer.BlobOf(Ecdsa.Value), new byte[] { 1, 2, 3 }, 0));
            Assert.Contains("SSH_AGENT_FAILURE", e.Message);
            Assert.Contains(_agent.SocketPath, e.Message);
        }

        [Fact]
        public void HostAlgorithm_AgentRefuses_TracesAndReturnsUnverifiableSignature()
        {
            _agent.Add(Ed25519.Value, "ed");
            var agent = Client();
            var id = agent.RequestIdentities().Single();
            var lines = new List<string>();
            var host = new SshAgentKeySource(id, agent, lines.Add).HostKeyAlgorithms.Single();
            _agent.RefuseToSign = true;
            var data = new byte[] { 9, 8, 7 };
            var signature = host.Sign(data);
            Assert.Equal("ssh-ed25519", SshAgentClient.SignatureFormat(signature));
            // (string "ssh-ed25519", empty string): the server cannot verify it and rejects this key
            Assert.Equal(4 + "ssh-ed25519".Length + 4, signature.Length);
            Assert.Equal(new byte[4], signature.Skip(4 + "ssh-ed25519".Length).ToArray());
            Assert.Contains(lines, l => l.Contains("no ssh-ed25519 signature") && l.Contains("SSH_AGENT_FAILURE"));
        }

        [Fact]
        public void RequestIdentities_TruncatedAnswer_IsAnError()
        {
            var m = new MemoryStream();
            m.WriteByte(12);
            SshAgentFakeServer.WriteU32(m, 2);
            SshAgentFakeServer.WriteString(m, SshAgentFakeServer.BlobOf(Ed25519.Value));
            _agent.IdentitiesOverride = m.ToArray();
            var e = Assert.Throws<SshAgentException>(() => Client().RequestIdentities());
            Assert.Contains("truncated", e.Message);
        }

        [Fact]
        public void RequestIdentities_AgentFailure_IsAnError()
        {
            _agent.IdentitiesOverride = new byte[] { 5 };
            var e = Assert.Throws<SshAgentException>(() => Client().RequestIdentities());
            Assert.Contains("refused the REQUEST_IDENTITIES", e.Message);
        }

        [Fact]
        public void Locate_NoSocket_SaysSshAuthSockIsNotSet()
        {
            Assert.Null(SshAgentClient.Locate(null, isWindows: false, out var why));
            Assert.Equal("SSH_AUTH_SOCK is not set", why);
            Assert.Null(SshAgentClient.Locate("", isWindows: false, out _));
            var pipe = SshAgentClient.Locate(null, isWindows: true, out why);
            Assert.Equal(@"\\.\pipe\openssh-ssh-agent", pipe!.Location);
            Assert.Equal("/tmp/x.sock", SshAgentClient.Locate("/tmp/x.sock", isWindows: false, out _)!.Location);
            Assert.Equal("openssh-ssh-agent", SshAgentClient.PipeName(@"\\.\pipe\openssh-ssh-agent"));
            Assert.Equal("openssh-ssh-agent", SshAgentClient.PipeName("//./pipe/openssh-ssh-agent"));
            Assert.Null(SshAgentClient.PipeName("/tmp/agent.sock"));
        }

        [Fact]
        public void SignFlags_AndSignatureFormats()
        {
            Assert.Equal(4u, SshAgentIdentity.SignFlagsFor("rsa-sha2-512"));
            Assert.Equal(2u, SshAgentIdentity.SignFlagsFor("rsa-sha2-256-cert-v01@openssh.com"));
            Assert.Equal(0u, SshAgentIdentity.SignFlagsFor("ssh-rsa"));
            Assert.Equal(0u, SshAgentIdentity.SignFlagsFor("ssh-ed25519"));
            Assert.Equal("rsa-sha2-512", SshAgentHostAlgorithm.SignatureFormatOf("rsa-sha2-512-cert-v01@openssh.com"));
            Assert.Equal("ssh-ed25519", SshAgentHostAlgorithm.SignatureFormatOf("ssh-ed25519"));
        }

        [Fact]
        public void Authentication_NoAgentSocket_SkippedWithNote()
        {
            SshAgentAuthentication.LocationOverride.Value = Path.Combine(Path.GetTempPath(), "libvirtps-no-agent-" + Guid.NewGuid().ToString("N"), "agent.sock");
            var lines = new List<string>();
            var method = SshAgentAuthentication.Create("root", lines.Add, CancellationToken.None, out var note);
            Assert.Null(method);
            Assert.Contains("cannot connect to the ssh-agent", note);
            Assert.Contains(lines, l => l.StartsWith("skipped: cannot connect", StringComparison.Ordinal));
        }

        [Fact]
        public void Authentication_EmptyAgent_SkippedWithNote()
        {
            SshAgentAuthentication.LocationOverride.Value = _agent.SocketPath;
            var method = SshAgentAuthentication.Create("root", _ => { }, CancellationToken.None, out var note);
            Assert.Null(method);
            Assert.Equal("agent (no identities in '" + _agent.SocketPath + "')", note);
        }

        [Fact]
        public void Authentication_WithKeys_OnePublicKeyMethodWithEveryAlgorithm()
        {
            _agent.Add(Ed25519.Value, "ed");
            _agent.Add(Rsa.Value, "rsa");
            SshAgentAuthentication.LocationOverride.Value = _agent.SocketPath;
            var lines = new List<string>();
            var method = SshAgentAuthentication.Create("root", lines.Add, CancellationToken.None, out var note);
            Assert.Null(note);
            var pk = Assert.IsType<PrivateKeyAuthenticationMethod>(method);
            Assert.Equal("root", pk.Username);
            Assert.Equal(new[] { "ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa" },
                pk.KeyFiles.SelectMany(k => k.HostKeyAlgorithms).Select(h => h.Name));
            Assert.Contains(lines, l => l.StartsWith("identity ssh-ed25519 SHA256:", StringComparison.Ordinal) && l.EndsWith("(ed)", StringComparison.Ordinal));
            Assert.Contains("2 identities from the ssh-agent at '" + _agent.SocketPath + "'", lines);
        }
    }
}
