using System.Collections.Generic;
using LibvirtPS.Core.Tls;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// Everything a URI will do, computed once and without network I/O: which transport, host, port,
    /// socket or child process, which name is sent in CONNECT_OPEN, which files TLS and SSH will use.
    /// Resolve-LibvirtUri shows it; Connect-Libvirt executes it. Immutable.
    /// </summary>
    public sealed class ConnectionPlan
    {
        internal ConnectionPlan() { }

        /// <summary>The URI as the caller gave it (null: none).</summary>
        public string? Uri { get; internal set; }

        /// <summary>The URI after the default chain, aliases and caller overrides; null when probing.</summary>
        public string? ResolvedUri { get; internal set; }

        public UriSource Source { get; internal set; }

        /// <summary>For <see cref="UriSource.Alias"/>: the alias name.</summary>
        public string? Alias { get; internal set; }

        /// <summary>The parsed resolved URI (null when probing).</summary>
        public LibvirtUri? ParsedUri { get; internal set; }

        /// <summary>The driver part of the scheme (<c>qemu</c> in <c>qemu+ssh</c>), case kept.</summary>
        public string? Driver { get; internal set; }

        public LibvirtTransport Transport { get; internal set; }

        /// <summary>The host that is reached (<c>localhost</c> when the URI has none).</summary>
        public string Host { get; internal set; } = "localhost";

        /// <summary>The effective port (null where the transport has none or ssh uses its own default).</summary>
        public int? Port { get; internal set; }

        /// <summary>The effective remote user (null: the transport's default, e.g. ssh's).</summary>
        public string? UserName { get; internal set; }

        /// <summary>The URI path ("" when it has none).</summary>
        public string Path { get; internal set; } = "";

        /// <summary>Exactly the name sent in CONNECT_OPEN; "" lets the daemon choose. Null for the embedded driver.</summary>
        public string? RemoteName { get; internal set; }

        public bool ReadOnly { get; internal set; }

        /// <summary>The flags sent in CONNECT_OPEN.</summary>
        public RemoteOpenFlags OpenFlags { get; internal set; }

        /// <summary>Unix: the socket to connect; ssh family: the socket netcat connects on the host.</summary>
        public string? SocketPath { get; internal set; }

        /// <summary>The daemon libvirt would start when the socket is missing (session mode), else null.</summary>
        public string? DaemonPath { get; internal set; }

        public RemoteSocketMode Mode { get; internal set; }

        public SshProxyMode? Proxy { get; internal set; }

        /// <summary>The full argv of the child process for ssh/ext, program first.</summary>
        public IReadOnlyList<string>? Command { get; internal set; }

        /// <summary>The command run on the SSH host (ssh, libssh, libssh2).</summary>
        public string? RemoteCommand { get; internal set; }

        /// <summary>The name given to virt-ssh-helper on the host.</summary>
        public string? HelperUri { get; internal set; }

        public string? Netcat { get; internal set; }
        public string? KeyFile { get; internal set; }
        public bool NoVerify { get; internal set; }
        public bool NoTty { get; internal set; }
        public bool NoSanity { get; internal set; }
        public string? TlsPriority { get; internal set; }
        public PkiPaths? Pki { get; internal set; }
        public string? KnownHostsPath { get; internal set; }
        public KnownHostsVerify? KnownHostsVerify { get; internal set; }
        public IReadOnlyList<SshAuthMethod>? SshAuthMethods { get; internal set; }

        /// <summary>The <c>auth</c> parameter as given (<c>sasl</c>, <c>sasl.MECH</c>, <c>polkit</c>), or null.</summary>
        public string? Authentication { get; internal set; }
        public string? AuthFile { get; internal set; }

        /// <summary>For <c>test:///path.xml</c>: the node XML file the embedded driver loads.</summary>
        public string? TestDriverFile { get; internal set; }

        /// <summary>Every extra parameter with its effective value and where it came from.</summary>
        public IReadOnlyList<ConnectionParameter> Parameters { get; internal set; } = new List<ConnectionParameter>();

        /// <summary>Each decision taken while planning, in words, for -Verbose.</summary>
        public IReadOnlyList<string> Decisions { get; internal set; } = new List<string>();
    }
}
