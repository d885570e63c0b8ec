using System;

namespace LibvirtPS.Core.Drivers.Remote
{
    /// <summary>How a remote connection is opened and kept.</summary>
    public sealed class RemoteOpenOptions
    {
        /// <summary>Seconds of silence before a keepalive PING (virsh -k, default 5; 0 turns keepalive off).</summary>
        public int KeepAliveInterval { get; set; } = 5;

        /// <summary>Unanswered PINGs before the connection is declared dead (virsh -K, default 6).</summary>
        public int KeepAliveCount { get; set; } = 6;

        /// <summary>Limit for connecting and for each call.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Wire-level trace (never payloads or secrets).</summary>
        public Rpc.IRpcTrace? Trace { get; set; }

        /// <summary>
        /// Secrets for the SSH transports (libssh, libssh2): the password for password and keyboard-interactive
        /// authentication and the passphrase of an encrypted private key; its user name is the login name when the
        /// URI names no user. Never logged.
        /// </summary>
        public System.Net.NetworkCredential? Credential { get; set; }

        /// <summary>Who answers questions (unknown host keys, passphrases, passwords); null: nobody, refuse instead.</summary>
        public Auth.IConnectionInteraction? Interaction { get; set; }
    }
}
