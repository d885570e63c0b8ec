using System.Collections.Generic;
using System.Management.Automation;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Support
{
    /// <summary>
    /// The URI parameters every connecting cmdlet shares: each libvirt URI extra parameter is also a cmdlet
    /// parameter, and a given cmdlet parameter replaces the URI's own value.
    /// </summary>
    public abstract class LibvirtUriCommandBase : LibvirtCommandBase
    {
        /// <summary>Opens read-only (libvirt's VIR_CONNECT_RO; the read-only socket for local connections).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter ReadOnly { get; set; }

        /// <summary>Replaces the transport of the URI (driver+transport).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Unix", "Tcp", "Tls", "Ssh", "Libssh", "Libssh2", "Ext")]
        public string? Transport { get; set; }

        /// <summary>Replaces the host of the URI.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Host", "HostName")]
        [ValidateNotNullOrEmpty]
        public string? ComputerName { get; set; }

        /// <summary>Replaces the port of the URI.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int? Port { get; set; }

        /// <summary>Replaces the user of the URI.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? UserName { get; set; }

        /// <summary>URI parameter socket: the daemon's unix socket (locally, or on the SSH host).</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? Socket { get; set; }

        /// <summary>URI parameter keyfile: the SSH private key.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? KeyFile { get; set; }

        /// <summary>URI parameter no_verify: TLS checks only warn; ssh skips host key checking.</summary>
        [Parameter] public SwitchParameter NoVerify { get; set; }

        /// <summary>URI parameter no_tty: ssh never prompts (BatchMode=yes).</summary>
        [Parameter] public SwitchParameter NoTty { get; set; }

        /// <summary>URI parameter no_sanity: skip the start-up checks of the client's own certificates.</summary>
        [Parameter] public SwitchParameter NoSanity { get; set; }

        /// <summary>URI parameter pkipath: folder with cacert.pem, clientcert.pem, clientkey.pem.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? PkiPath { get; set; }

        /// <summary>URI parameter known_hosts (libssh, libssh2).</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? KnownHosts { get; set; }

        /// <summary>URI parameter known_hosts_verify (libssh, libssh2).</summary>
        [Parameter] public KnownHostsVerify? KnownHostsVerify { get; set; }

        /// <summary>URI parameter sshauth: SSH authentication methods in order (libssh, libssh2).</summary>
        [Parameter] public SshAuthMethod[]? SshAuth { get; set; }

        /// <summary>URI parameter mode: auto, legacy (libvirtd) or direct (modular daemons).</summary>
        [Parameter] public RemoteSocketMode? Mode { get; set; }

        /// <summary>URI parameter proxy: what runs on the SSH host (auto, netcat, native).</summary>
        [Parameter] public SshProxyMode? Proxy { get; set; }

        /// <summary>URI parameter command: the ssh binary, or the program of the ext transport.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? Command { get; set; }

        /// <summary>URI parameter netcat: the nc binary on the SSH host.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? Netcat { get; set; }

        /// <summary>URI parameter tls_priority: a GnuTLS priority string.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? TlsPriority { get; set; }

        /// <summary>URI parameter name: the exact name sent to the daemon.</summary>
        [Parameter] public string? RemoteName { get; set; }

        /// <summary>URI parameter auth: sasl, sasl.MECHANISM or polkit.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? Authentication { get; set; }

        /// <summary>URI parameter authfile: the auth.conf to read credentials from.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? AuthFile { get; set; }

        /// <summary>The core options for the bound parameters.</summary>
        protected ConnectionOptions BuildOptions()
        {
            var o = new ConnectionOptions { ReadOnly = ReadOnly.IsPresent };
            if (Transport != null) o.Transport = (LibvirtTransport)System.Enum.Parse(typeof(LibvirtTransport), Transport, true);
            o.ComputerName = ComputerName;
            o.Port = Port;
            o.UserName = UserName;
            var p = o.Parameters;
            Set(p, "socket", Socket);
            Set(p, "keyfile", KeyFile);
            SetSwitch(p, "no_verify", nameof(NoVerify), NoVerify);
            SetSwitch(p, "no_tty", nameof(NoTty), NoTty);
            SetSwitch(p, "no_sanity", nameof(NoSanity), NoSanity);
            Set(p, "pkipath", PkiPath);
            Set(p, "known_hosts", KnownHosts);
            Set(p, "known_hosts_verify", KnownHostsVerify?.ToString().ToLowerInvariant());
            if (SshAuth != null) Set(p, "sshauth", string.Join(",", System.Array.ConvertAll(SshAuth, SshAuthName)));
            Set(p, "mode", Mode?.ToString().ToLowerInvariant());
            Set(p, "proxy", Proxy?.ToString().ToLowerInvariant());
            Set(p, "command", Command);
            Set(p, "netcat", Netcat);
            Set(p, "tls_priority", TlsPriority);
            Set(p, "name", RemoteName);
            Set(p, "auth", Authentication);
            Set(p, "authfile", AuthFile);
            return o;
        }

        private static string SshAuthName(SshAuthMethod m)
        {
            switch (m)
            {
                case SshAuthMethod.PrivateKey: return "privkey";
                case SshAuthMethod.KeyboardInteractive: return "keyboard-interactive";
                default: return m.ToString().ToLowerInvariant();
            }
        }

        private static void Set(IDictionary<string, string> p, string name, string? value)
        {
            if (value != null) p[name] = value;
        }

        // -NoVerify sets 1, -NoVerify:$false sets 0, an absent switch leaves the URI's value alone
        private void SetSwitch(IDictionary<string, string> p, string name, string parameter, SwitchParameter value)
        {
            if (MyInvocation.BoundParameters.ContainsKey(parameter))
                p[name] = value.IsPresent ? "1" : "0";
        }
    }
}
