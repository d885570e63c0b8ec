using System;
using System.Collections.Generic;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// The parameters the remote driver consumes from a URI (<c>doRemoteOpen</c>): names match
    /// case-insensitively, a later duplicate wins, booleans are base-10 integers (non-zero = true), and the
    /// rest pass through to the daemon inside the name.
    /// </summary>
    internal sealed class RemoteUriArguments
    {
        public string? Name, Command, Socket, Auth, SshAuth, Netcat, KeyFile, PkiPath, KnownHosts,
            KnownHostsVerify, TlsPriority, Mode, Proxy, AuthFile;
        public bool NoSanity, NoVerify, NoTty;
        public readonly List<UriParameter> PassThrough = new List<UriParameter>();
        public readonly HashSet<string> Given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        internal static RemoteUriArguments Extract(IReadOnlyList<UriParameter> parameters)
        {
            var a = new RemoteUriArguments();
            foreach (var p in parameters)
            {
                string n = p.Name.ToLowerInvariant();
                switch (n)
                {
                    case "name": a.Name = p.Value; break;
                    case "command": a.Command = p.Value; break;
                    case "socket": a.Socket = p.Value; break;
                    case "auth": a.Auth = p.Value; break;
                    case "sshauth": a.SshAuth = p.Value; break;
                    case "netcat": a.Netcat = p.Value; break;
                    case "keyfile": a.KeyFile = p.Value; break;
                    case "pkipath": a.PkiPath = p.Value; break;
                    case "known_hosts": a.KnownHosts = p.Value; break;
                    case "known_hosts_verify": a.KnownHostsVerify = p.Value; break;
                    case "tls_priority": a.TlsPriority = p.Value; break;
                    case "mode": a.Mode = p.Value; break;
                    case "proxy": a.Proxy = p.Value; break;
                    case "no_sanity": a.NoSanity = ParseBool(p); break;
                    case "no_verify": a.NoVerify = ParseBool(p); break;
                    case "no_tty": a.NoTty = ParseBool(p); break;
                    case "authfile":
                        // libvirt's auth.conf lookup reads only the exact lower-case name
                        if (p.Name == "authfile" && a.AuthFile == null && p.Value.Length > 0) a.AuthFile = p.Value;
                        break;
                    default:
                        a.PassThrough.Add(p);
                        continue;
                }
                a.Given.Add(n);
            }
            return a;
        }

        // virStrToLong_i with no end pointer: optional blanks and sign, digits, nothing after, fits an int.
        private static bool ParseBool(UriParameter p)
        {
            string s = p.Value.TrimStart(' ', '\t', '\n', '\r', '\f', '\v');
            int i = 0;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
            int digits = 0;
            while (i + digits < s.Length && s[i + digits] >= '0' && s[i + digits] <= '9') digits++;
            if (digits == 0 || i + digits != s.Length ||
                !int.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value))
            {
                throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Remote,
                    "Failed to parse value of URI component " + p.Name)
                { Hint = p.Name + " takes an integer: 1 (on) or 0 (off)." };
            }
            return value != 0;
        }
    }
}
