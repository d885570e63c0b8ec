using System;
using System.Collections.Generic;
using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Ssh;
using LibvirtPS.Core.Tls;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// Turns a URI (or none) into a <see cref="ConnectionPlan"/> with the decisions libvirt 9.0's client makes
    /// (<c>virConnectOpenInternal</c>, <c>remoteConnectOpen</c>, <c>doRemoteOpen</c>), in libvirt's order, so
    /// the first error is the one libvirt would report. No network I/O.
    /// </summary>
    public static class ConnectionPlanner
    {
        public static ConnectionPlan Plan(string? uri, ConnectionOptions? options = null, ClientEnvironment? env = null)
        {
            options = options ?? new ConnectionOptions();
            env = env ?? ClientEnvironment.Current();
            var decisions = new List<string>();
            var config = ClientConfig.Load(env, options.ConfigPath);
            if (config.Loaded) decisions.Add("client config " + config.Path + " read");

            var resolved = UriResolver.Resolve(uri, config, env, decisions);
            var plan = new ConnectionPlan
            {
                Uri = uri,
                Source = resolved.Source,
                Alias = resolved.Alias,
                ReadOnly = options.ReadOnly,
            };

            LibvirtUri? parsed = resolved.Uri;
            string? resolvedText = resolved.Text;
            if (options.HasUriOverrides)
            {
                if (parsed == null)
                {
                    throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Uri,
                        "connection parameters need a URI to apply to: give one, e.g. qemu:///system or qemu+ssh://host/system");
                }
                parsed = ApplyOverrides(parsed, options, decisions);
                resolvedText = parsed.Format();
            }
            plan.ParsedUri = parsed;
            plan.ResolvedUri = resolvedText;

            if (parsed != null && parsed.Scheme == "test" && parsed.Server == null)
            {
                PlanEmbedded(plan, parsed, decisions);
            }
            else
            {
                PlanRemote(plan, parsed, config, env, decisions);
            }
            plan.Decisions = decisions;
            return plan;
        }

        private static LibvirtUri ApplyOverrides(LibvirtUri uri, ConnectionOptions o, List<string> decisions)
        {
            string? scheme = null;
            if (o.Transport.HasValue)
            {
                if (o.Transport == LibvirtTransport.Embedded)
                {
                    throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Uri,
                        "transport Embedded cannot be chosen; it is used for test:///default and test:///<file> (valid: Unix, Tcp, Tls, Ssh, Libssh, Libssh2, Ext)");
                }
                string s = uri.Scheme!;
                int plus = s.IndexOf('+');
                string driver = plus < 0 ? s : s.Substring(0, plus);
                scheme = driver + "+" + TransportNames.ToUriName(o.Transport.Value);
                decisions.Add("transport " + TransportNames.ToUriName(o.Transport.Value) + " from -Transport");
            }
            List<UriParameter>? parameters = null;
            if (o.Parameters.Count > 0)
            {
                parameters = uri.Parameters.Where(p => !o.Parameters.ContainsKey(p.Name)).ToList();
                foreach (var kv in o.Parameters)
                {
                    parameters.Add(new UriParameter(kv.Key, kv.Value));
                    decisions.Add(kv.Key + " from the cmdlet parameter");
                }
            }
            if (o.ComputerName != null) decisions.Add("host " + o.ComputerName + " from -ComputerName");
            if (o.Port.HasValue) decisions.Add("port " + o.Port + " from -Port");
            if (o.UserName != null) decisions.Add("user " + o.UserName + " from -UserName");
            return uri.With(scheme: scheme, server: o.ComputerName, user: o.UserName, port: o.Port, parameters: parameters);
        }

        private static void PlanEmbedded(ConnectionPlan plan, LibvirtUri uri, List<string> decisions)
        {
            plan.Transport = LibvirtTransport.Embedded;
            plan.Driver = "test";
            plan.Path = uri.Path ?? "";
            if (plan.Path.Length == 0 || plan.Path == "/")
            {
                throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Test,
                    "testOpen: supply a path or use test:///default");
            }
            if (plan.Path != "/default") plan.TestDriverFile = plan.Path;
            decisions.Add("test:// without a host is served in-process by the embedded test driver, as libvirt's client does" +
                (plan.TestDriverFile != null ? " (node XML " + plan.TestDriverFile + ")" : ""));
            plan.Parameters = uri.Parameters.Select(p => new ConnectionParameter(p.Name, p.Value, ParameterOrigin.PassThrough)).ToList();
        }

        private static void PlanRemote(ConnectionPlan plan, LibvirtUri? uri, ClientConfig config, ClientEnvironment env,
            List<string> decisions)
        {
            string? driver = null;
            LibvirtTransport transport = LibvirtTransport.Unix;
            if (uri != null)
            {
                TransportNames.Split(uri, out var d, out transport);
                driver = d;
                decisions.Add("transport " + TransportNames.ToUriName(transport) +
                    (uri.Scheme!.IndexOf('+') < 0 ? (uri.Server != null ? ": default when a host is given" : ": default without a host") : " from the scheme"));
            }
            plan.Driver = driver;
            plan.Transport = transport;
            plan.Path = uri?.Path ?? "";

            RemoteOpenFlags flags = DaemonFlags(uri, transport, env);
            if (plan.ReadOnly) flags |= RemoteOpenFlags.ReadOnly;
            plan.OpenFlags = flags;

            // host, port, user
            plan.Host = uri?.Server ?? "localhost";
            if (uri?.Server == null && transport != LibvirtTransport.Unix && transport != LibvirtTransport.Ext)
                decisions.Add("host localhost: the URI has none");
            if (uri != null && uri.Port != 0)
            {
                plan.Port = uri.Port;
            }
            else if (transport == LibvirtTransport.Tls)
            {
                plan.Port = 16514;
                decisions.Add("port 16514: default for tls");
            }
            else if (transport == LibvirtTransport.Tcp)
            {
                plan.Port = 16509;
                decisions.Add("port 16509: default for tcp");
            }
            else if (transport == LibvirtTransport.Libssh || transport == LibvirtTransport.Libssh2)
            {
                plan.Port = 22;
                decisions.Add("port 22: default for " + TransportNames.ToUriName(transport));
            }
            if (transport == LibvirtTransport.Unix || transport == LibvirtTransport.Ext) plan.Port = null;
            plan.UserName = uri?.User;

            var args = RemoteUriArguments.Extract(uri?.Parameters ?? new List<UriParameter>());
            var effective = new List<ConnectionParameter>();

            // the name sent in CONNECT_OPEN
            if (args.Name != null)
            {
                plan.RemoteName = args.Name;
                decisions.Add("name '" + args.Name + "' from the name parameter");
            }
            else if (uri == null || uri.Scheme == "remote" || uri.Scheme!.StartsWith("remote+", StringComparison.Ordinal))
            {
                plan.RemoteName = "";
                decisions.Add("empty name: the daemon chooses its default hypervisor");
            }
            else
            {
                plan.RemoteName = LibvirtUri.Format(driver, null, null, 0, uri.Path, UriQuery.FormatParameters(args.PassThrough), uri.Fragment);
                decisions.Add("name '" + plan.RemoteName + "': the URI without transport, user, host, port and the parameters the client consumes");
            }

            // mode and proxy (URI, then libvirt.conf)
            string? modeText = args.Mode ?? config.RemoteMode;
            RemoteSocketMode mode = RemoteSocketMode.Auto;
            if (modeText != null)
            {
                if (modeText == "auto") mode = RemoteSocketMode.Auto;
                else if (modeText == "legacy") mode = RemoteSocketMode.Legacy;
                else if (modeText == "direct") mode = RemoteSocketMode.Direct;
                else
                {
                    throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Remote,
                        "Unknown remote mode '" + modeText + "'")
                    { Hint = "mode takes auto, legacy or direct (lower case)." };
                }
            }
            string? proxyText = args.Proxy ?? config.RemoteProxy;
            SshProxyMode proxy;
            ParameterOrigin proxyOrigin = args.Proxy != null ? ParameterOrigin.Uri : ParameterOrigin.ConfigFile;
            if (proxyText != null)
            {
                if (proxyText == "auto") proxy = SshProxyMode.Auto;
                else if (proxyText == "netcat") proxy = SshProxyMode.Netcat;
                else if (proxyText == "native") proxy = SshProxyMode.Native;
                else
                {
                    // libvirt's message has this spelling
                    throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Remote,
                        "Unnkown proxy type '" + proxyText + "'")
                    { Hint = "proxy takes auto, netcat or native (lower case)." };
                }
            }
            else
            {
                proxyOrigin = ParameterOrigin.Default;
                if (args.Socket != null) proxy = SshProxyMode.Netcat;
                else if ((flags & RemoteOpenFlags.User) != 0) proxy = SshProxyMode.Native;
                else proxy = SshProxyMode.Auto;
            }

            if (transport == LibvirtTransport.Ext && args.Command == null)
            {
                throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Remote,
                    "remote_open: for 'ext' transport, command is required")
                { Hint = "Add command=<program> to the URI (or -Command); it is run with no arguments." };
            }

            bool sshFamily = transport == LibvirtTransport.Ssh || transport == LibvirtTransport.Libssh || transport == LibvirtTransport.Libssh2;
            plan.Mode = mode;
            if (transport == LibvirtTransport.Unix || sshFamily)
            {
                if (args.Socket != null)
                {
                    plan.SocketPath = args.Socket;
                    decisions.Add("socket " + args.Socket + " from the socket parameter");
                }
                else
                {
                    var choice = UnixSocketLocator.Locate(transport, mode, driver, flags, env, decisions);
                    plan.SocketPath = choice.Socket;
                    plan.Mode = choice.Mode;
                    plan.DaemonPath = choice.DaemonPath;
                }
                Add(effective, "socket", plan.SocketPath, args.Socket != null ? ParameterOrigin.Uri : ParameterOrigin.Default);
                Add(effective, "mode", ModeName(plan.Mode), args.Mode != null ? ParameterOrigin.Uri : config.RemoteMode != null ? ParameterOrigin.ConfigFile : ParameterOrigin.Default);
            }

            plan.Authentication = args.Auth;
            plan.AuthFile = args.AuthFile;
            if (args.Auth != null) ValidateAuth(args.Auth);

            switch (transport)
            {
                case LibvirtTransport.Tls:
                    plan.TlsPriority = args.TlsPriority ?? config.TlsPriority ?? "NORMAL";
                    plan.NoVerify = args.NoVerify;
                    plan.NoSanity = args.NoSanity;
                    plan.Pki = PkiFileLocator.Locate(args.PkiPath, env);
                    decisions.Add("CA certificate " + plan.Pki.CACertificate + " (" + PkiRule(plan.Pki.CASource) + ")");
                    decisions.Add("client certificate " + plan.Pki.ClientCertificate + " and key " + plan.Pki.ClientKey + " (" + PkiRule(plan.Pki.ClientSource) + ")");
                    Add(effective, "pkipath", args.PkiPath, args.PkiPath != null ? ParameterOrigin.Uri : ParameterOrigin.Default);
                    Add(effective, "tls_priority", plan.TlsPriority, args.TlsPriority != null ? ParameterOrigin.Uri : config.TlsPriority != null ? ParameterOrigin.ConfigFile : ParameterOrigin.Default);
                    Add(effective, "no_verify", plan.NoVerify ? "1" : "0", Origin(args, "no_verify"));
                    Add(effective, "no_sanity", plan.NoSanity ? "1" : "0", Origin(args, "no_sanity"));
                    break;

                case LibvirtTransport.Ssh:
                {
                    plan.Proxy = SshHelperCommand.EffectiveProxy(proxy, args.Netcat);
                    plan.Netcat = args.Netcat;
                    plan.KeyFile = args.KeyFile;
                    plan.NoVerify = args.NoVerify;
                    plan.NoTty = args.NoTty;
                    plan.HelperUri = plan.RemoteName;
                    plan.RemoteCommand = SshHelperCommand.Build(proxy, args.Netcat, plan.SocketPath!, plan.RemoteName!, plan.ReadOnly);
                    string command = args.Command ?? "ssh";
                    plan.Command = OpenSshArguments.Build(command, uri?.Port != 0 ? uri?.Port : null, uri?.User, args.KeyFile,
                        args.NoTty, args.NoVerify, plan.Host, plan.RemoteCommand);
                    decisions.Add("ssh child: " + command + (args.Command == null ? " (from PATH)" : " (from the command parameter)") +
                        ", remote side " + ProxyName(plan.Proxy.Value));
                    Add(effective, "command", command, args.Command != null ? ParameterOrigin.Uri : ParameterOrigin.Default);
                    Add(effective, "proxy", ProxyName(plan.Proxy.Value), proxyOrigin);
                    Add(effective, "netcat", args.Netcat ?? "nc", args.Netcat != null ? ParameterOrigin.Uri : ParameterOrigin.Default);
                    Add(effective, "keyfile", args.KeyFile, Origin(args, "keyfile"));
                    Add(effective, "no_verify", plan.NoVerify ? "1" : "0", Origin(args, "no_verify"));
                    Add(effective, "no_tty", plan.NoTty ? "1" : "0", Origin(args, "no_tty"));
                    break;
                }

                case LibvirtTransport.Libssh:
                case LibvirtTransport.Libssh2:
                    PlanInProcessSsh(plan, args, proxy, proxyOrigin, env, effective, decisions);
                    break;

                case LibvirtTransport.Ext:
                    plan.Command = new[] { args.Command! };
                    decisions.Add("ext: runs " + args.Command + " with no arguments and no shell");
                    Add(effective, "command", args.Command, ParameterOrigin.Uri);
                    break;
            }

            Add(effective, "auth", args.Auth, Origin(args, "auth"));
            Add(effective, "authfile", args.AuthFile, Origin(args, "authfile"));
            if (args.Name != null) Add(effective, "name", args.Name, ParameterOrigin.Uri);
            foreach (var p in args.PassThrough) effective.Add(new ConnectionParameter(p.Name, p.Value, ParameterOrigin.PassThrough));
            plan.Parameters = effective;
        }

        private static void PlanInProcessSsh(ConnectionPlan plan, RemoteUriArguments args, SshProxyMode proxy,
            ParameterOrigin proxyOrigin, ClientEnvironment env, List<ConnectionParameter> effective, List<string> decisions)
        {
            string t = TransportNames.ToUriName(plan.Transport);
            plan.Proxy = SshHelperCommand.EffectiveProxy(proxy, args.Netcat);
            plan.Netcat = args.Netcat;
            plan.HelperUri = plan.RemoteName;
            plan.RemoteCommand = SshHelperCommand.Build(proxy, args.Netcat, plan.SocketPath!, plan.RemoteName!, plan.ReadOnly);
            if (plan.UserName == null)
            {
                plan.UserName = "root";
                decisions.Add("user root: default for " + t);
            }

            plan.KnownHostsPath = args.KnownHosts ?? env.Combine(env.UserConfigDirectory, "libvirt", "known_hosts");
            decisions.Add("known_hosts " + plan.KnownHostsPath + (args.KnownHosts != null ? " from the known_hosts parameter" : " (libvirt's own file, not ~/.ssh/known_hosts)"));
            string verify = args.KnownHostsVerify ?? "normal";
            if (string.Equals(verify, "normal", StringComparison.OrdinalIgnoreCase)) plan.KnownHostsVerify = KnownHostsVerify.Normal;
            else if (string.Equals(verify, "auto", StringComparison.OrdinalIgnoreCase)) plan.KnownHostsVerify = KnownHostsVerify.Auto;
            else if (string.Equals(verify, "ignore", StringComparison.OrdinalIgnoreCase)) plan.KnownHostsVerify = KnownHostsVerify.Ignore;
            else
            {
                throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Libssh,
                    "Invalid host key verification method: '" + verify + "'")
                { Hint = "known_hosts_verify takes normal, auto or ignore." };
            }

            plan.KeyFile = args.KeyFile;
            if (plan.KeyFile == null)
            {
                foreach (var name in new[] { "identity", "id_dsa", "id_ecdsa", "id_ed25519", "id_rsa" })
                {
                    string candidate = env.Combine(env.HomeDirectory, ".ssh", name);
                    if (env.FileExists(candidate))
                    {
                        plan.KeyFile = candidate;
                        decisions.Add("private key " + candidate + ": the first default identity that exists");
                        break;
                    }
                }
            }
            string authList = args.SshAuth ?? (plan.KeyFile != null
                ? "agent,privkey,password,keyboard-interactive"
                : "agent,password,keyboard-interactive");
            var methods = new List<SshAuthMethod>();
            foreach (var m in authList.Split(','))
            {
                if (string.Equals(m, "agent", StringComparison.OrdinalIgnoreCase)) methods.Add(SshAuthMethod.Agent);
                else if (string.Equals(m, "privkey", StringComparison.OrdinalIgnoreCase)) methods.Add(SshAuthMethod.PrivateKey);
                else if (string.Equals(m, "password", StringComparison.OrdinalIgnoreCase)) methods.Add(SshAuthMethod.Password);
                else if (string.Equals(m, "keyboard-interactive", StringComparison.OrdinalIgnoreCase)) methods.Add(SshAuthMethod.KeyboardInteractive);
                else
                {
                    throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Libssh,
                        "Invalid authentication method: '" + m + "'")
                    { Hint = "sshauth takes a comma-separated list of agent, privkey, password, keyboard-interactive." };
                }
            }
            plan.SshAuthMethods = methods;
            decisions.Add("ssh authentication order " + authList + (args.SshAuth != null ? " from the sshauth parameter" : " (default)"));

            Add(effective, "proxy", ProxyName(plan.Proxy!.Value), proxyOrigin);
            Add(effective, "netcat", args.Netcat ?? "nc", args.Netcat != null ? ParameterOrigin.Uri : ParameterOrigin.Default);
            Add(effective, "keyfile", plan.KeyFile, Origin(args, "keyfile"));
            Add(effective, "known_hosts", plan.KnownHostsPath, Origin(args, "known_hosts"));
            Add(effective, "known_hosts_verify", verify.ToLowerInvariant(), Origin(args, "known_hosts_verify"));
            Add(effective, "sshauth", authList, Origin(args, "sshauth"));
        }

        // remoteGetURIDaemonInfo: session daemon for non-root users with /session or test+..., autostart without a host
        private static RemoteOpenFlags DaemonFlags(LibvirtUri? uri, LibvirtTransport transport, ClientEnvironment env)
        {
            var flags = RemoteOpenFlags.None;
            bool autostartAllowed = env.GetVariable("LIBVIRT_AUTOSTART") != "0";
            if (env.IsRoot) return flags;
            if (uri == null)
            {
                flags |= RemoteOpenFlags.User;
                if (autostartAllowed) flags |= RemoteOpenFlags.Autostart;
                return flags;
            }
            if (uri.Path != null && uri.Scheme != null &&
                (uri.Path == "/session" || uri.Scheme.StartsWith("test+", StringComparison.Ordinal)))
            {
                flags |= RemoteOpenFlags.User;
                if (uri.Server == null && transport == LibvirtTransport.Unix && autostartAllowed)
                    flags |= RemoteOpenFlags.Autostart;
            }
            return flags;
        }

        private static void ValidateAuth(string auth)
        {
            // remoteAuthenticate: "sasl" exactly or a "sasl." prefix, case-insensitive
            if (string.Equals(auth, "sasl", StringComparison.OrdinalIgnoreCase) ||
                auth.StartsWith("sasl.", StringComparison.OrdinalIgnoreCase))
                return;
            if (string.Equals(auth, "polkit", StringComparison.OrdinalIgnoreCase)) return;
            throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote,
                "unknown authentication type " + auth)
                { Hint = "auth takes sasl, sasl.<MECHANISM> (e.g. sasl.SCRAM-SHA-256) or polkit." };
        }

        private static ParameterOrigin Origin(RemoteUriArguments args, string name) =>
            args.Given.Contains(name) ? ParameterOrigin.Uri : ParameterOrigin.Default;

        private static void Add(List<ConnectionParameter> list, string name, string? value, ParameterOrigin origin)
        {
            if (value == null && origin == ParameterOrigin.Default) return;
            list.Add(new ConnectionParameter(name, value, origin));
        }

        private static string ModeName(RemoteSocketMode m) => m.ToString().ToLowerInvariant();
        private static string ProxyName(SshProxyMode p) => p.ToString().ToLowerInvariant();

        private static string PkiRule(PkiSource s) =>
            s == PkiSource.PkiPath ? "pkipath parameter" : s == PkiSource.PerUser ? "per-user ~/.pki/libvirt" : "system location";
    }
}
