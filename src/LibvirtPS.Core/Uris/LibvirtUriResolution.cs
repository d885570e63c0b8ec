using System.Collections.Generic;
using System.Linq;
using LibvirtPS.Core.Tls;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// What Resolve-LibvirtUri writes: a flat, typed view of a <see cref="ConnectionPlan"/>. The property
    /// names are a contract with users' scripts.
    /// </summary>
    public sealed class LibvirtUriResolution
    {
        public LibvirtUriResolution(ConnectionPlan plan)
        {
            Plan = plan;
            Uri = plan.Uri;
            ResolvedUri = plan.ResolvedUri;
            Source = plan.Source;
            Alias = plan.Alias;
            Driver = plan.Driver;
            Transport = plan.Transport;
            Host = plan.Transport == LibvirtTransport.Embedded || plan.Transport == LibvirtTransport.Unix ? null : plan.Host;
            Port = plan.Port;
            UserName = plan.UserName;
            Path = plan.Path;
            RemoteName = plan.RemoteName;
            SocketPath = plan.SocketPath;
            Command = plan.Command?.ToArray();
            RemoteCommand = plan.RemoteCommand;
            CommandLine = plan.Command == null ? null : string.Join(" ", plan.Command.Select(Ssh.ShellEscape.Escape));
            ReadOnly = plan.ReadOnly;
            OpenFlags = plan.OpenFlags;
            Mode = plan.Transport == LibvirtTransport.Unix || plan.Proxy.HasValue ? plan.Mode : (RemoteSocketMode?)null;
            Proxy = plan.Proxy;
            DaemonPath = plan.DaemonPath;
            CACertificatePath = plan.Pki?.CACertificate;
            CrlPath = plan.Pki?.Crl;
            ClientCertificatePath = plan.Pki?.ClientCertificate;
            ClientKeyPath = plan.Pki?.ClientKey;
            PkiSource = plan.Pki?.CASource;
            TlsPriority = plan.TlsPriority;
            KnownHostsPath = plan.KnownHostsPath;
            KnownHostsVerify = plan.KnownHostsVerify;
            KeyFile = plan.KeyFile;
            SshAuth = plan.SshAuthMethods?.ToArray();
            Authentication = plan.Authentication;
            TestDriverFile = plan.TestDriverFile;
            Parameters = plan.Parameters.ToArray();
            Decisions = plan.Decisions.ToArray();
        }

        /// <summary>The URI as given (null when none was).</summary>
        public string? Uri { get; }
        /// <summary>The URI after the default chain, aliases and parameters.</summary>
        public string? ResolvedUri { get; }
        public UriSource Source { get; }
        public string? Alias { get; }
        public string? Driver { get; }
        public LibvirtTransport Transport { get; }
        public string? Host { get; }
        public int? Port { get; }
        public string? UserName { get; }
        public string Path { get; }
        /// <summary>Exactly the name sent to the daemon in CONNECT_OPEN.</summary>
        public string? RemoteName { get; }
        public string? SocketPath { get; }
        /// <summary>The child process argv for ssh/ext, program first.</summary>
        public string[]? Command { get; }
        /// <summary><see cref="Command"/> as one line a POSIX shell would run (libvirt's quoting).</summary>
        public string? CommandLine { get; }
        /// <summary>The command run on the SSH host.</summary>
        public string? RemoteCommand { get; }
        public bool ReadOnly { get; }
        public RemoteOpenFlags OpenFlags { get; }
        public RemoteSocketMode? Mode { get; }
        public SshProxyMode? Proxy { get; }
        public string? DaemonPath { get; }
        public string? CACertificatePath { get; }
        public string? CrlPath { get; }
        public string? ClientCertificatePath { get; }
        public string? ClientKeyPath { get; }
        public PkiSource? PkiSource { get; }
        public string? TlsPriority { get; }
        public string? KnownHostsPath { get; }
        public KnownHostsVerify? KnownHostsVerify { get; }
        public string? KeyFile { get; }
        public SshAuthMethod[]? SshAuth { get; }
        public string? Authentication { get; }
        public string? TestDriverFile { get; }
        /// <summary>Every extra parameter with its effective value.</summary>
        public ConnectionParameter[] Parameters { get; }
        /// <summary>The planner's decisions in words.</summary>
        public string[] Decisions { get; }

        /// <summary>The full plan, for Connect-Libvirt.</summary>
        public ConnectionPlan Plan { get; }
    }
}
