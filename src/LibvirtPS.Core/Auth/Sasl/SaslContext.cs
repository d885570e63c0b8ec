using System;
using System.Net;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>What a mechanism needs to know about the connection and where credentials come from.</summary>
    public sealed class SaslContext
    {
        /// <summary>Always "libvirt" for the remote driver.</summary>
        public string Service { get; set; } = "libvirt";

        /// <summary>The server's host name as in the URI (or localhost); used as the digest-uri host and realm default.</summary>
        public string Host { get; set; } = "localhost";

        /// <summary>"ip;port" of each end for TCP transports, null otherwise (cyrus' iplocalport/ipremoteport).</summary>
        public string? LocalAddress { get; set; }
        public string? RemoteAddress { get; set; }

        /// <summary>Security layer strength wanted: libvirt sets 0/0 on secure channels (TLS, unix, ssh), 56/100000 otherwise.</summary>
        public int MinSsf { get; set; }
        public int MaxSsf { get; set; }

        /// <summary>The TLS cipher key size in bits when running over TLS (cyrus' external SSF), else 0.</summary>
        public int ExternalSsf { get; set; }

        /// <summary>
        /// Credentials, asked only when a mechanism needs them: user name (authname), password, realm. The
        /// remote driver fills this from -Credential, then auth.conf (service libvirt), then the interaction.
        /// </summary>
        public Func<SaslCredentialKind, string, string?>? GetCredential { get; set; }

        /// <summary>The password as a NetworkCredential-held secret (never a logged string); null when none.</summary>
        public Func<NetworkCredential?>? GetPassword { get; set; }
    }

    /// <summary>libvirt's credential types for SASL (VIR_CRED_*).</summary>
    public enum SaslCredentialKind
    {
        UserName = 1,
        AuthName = 2,
        Realm = 8,
    }
}
