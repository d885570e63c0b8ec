using System;
using System.Collections.Generic;

namespace LibvirtPS.Core.Transports.Ssh
{
    /// <summary>One key an ssh-agent holds: its public key blob and comment.</summary>
    public sealed class SshAgentIdentity
    {
        public SshAgentIdentity(byte[] publicKeyBlob, string comment)
        {
            PublicKeyBlob = publicKeyBlob ?? throw new ArgumentNullException(nameof(publicKeyBlob));
            Comment = comment ?? "";
            try { KeyType = KnownHosts.KeyTypeOf(publicKeyBlob); }
            catch (FormatException) { KeyType = ""; }
        }

        /// <summary>The SSH public key blob (string key type, then the type's fields).</summary>
        public byte[] PublicKeyBlob { get; }

        public string Comment { get; }

        /// <summary>The key type in the blob (<c>ssh-ed25519</c>, <c>ecdsa-sha2-nistp256</c>, <c>ssh-rsa</c>, …); empty when the blob is malformed.</summary>
        public string KeyType { get; }

        /// <summary><c>SHA256:…</c> as <c>ssh-add -l</c> prints it.</summary>
        public string Fingerprint => KnownHosts.Fingerprint(PublicKeyBlob);

        public override string ToString() => KeyType + " " + Fingerprint + (Comment.Length > 0 ? " (" + Comment + ")" : "");

        /// <summary>
        /// The public-key algorithms to offer for this key, most preferred first: for RSA keys <c>rsa-sha2-512</c>,
        /// <c>rsa-sha2-256</c>, then the SHA-1 <c>ssh-rsa</c> for old servers (as SSH.NET offers a key file); for their
        /// certificates the matching <c>-cert-v01@openssh.com</c> names; for every other key type the key type itself.
        /// </summary>
        public IReadOnlyList<string> SignatureAlgorithms
        {
            get
            {
                switch (KeyType)
                {
                    case "ssh-rsa":
                        return new[] { "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa" };
                    case "ssh-rsa-cert-v01@openssh.com":
                        return new[] { "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com" };
                    default:
                        return new[] { KeyType };
                }
            }
        }

        /// <summary>The SSH_AGENTC_SIGN_REQUEST flags that make the agent sign as <paramref name="algorithm"/>.</summary>
        public static uint SignFlagsFor(string algorithm)
        {
            if (algorithm.StartsWith("rsa-sha2-512", StringComparison.Ordinal)) return SshAgentClient.SSH_AGENT_RSA_SHA2_512;
            if (algorithm.StartsWith("rsa-sha2-256", StringComparison.Ordinal)) return SshAgentClient.SSH_AGENT_RSA_SHA2_256;
            return 0;
        }
    }
}
