using System;
using System.Collections.Generic;
using System.IO;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Auth
{
    /// <summary>
    /// libvirt's client <c>auth.conf</c> (facts §6.6): a GLib key file with <c>[credentials-NAME]</c> groups and
    /// <c>[auth-SERVICE-HOST]</c> groups pointing at them. Only the lookup the transports need.
    /// </summary>
    public sealed class AuthConfig
    {
        private readonly Dictionary<string, Dictionary<string, string>> _groups;

        private AuthConfig(string path, Dictionary<string, Dictionary<string, string>> groups)
        {
            Path = path;
            _groups = groups;
        }

        public string Path { get; }

        /// <summary>
        /// The file libvirt would use: <c>LIBVIRT_AUTH_FILE</c> (even when missing), the URI's <c>authfile</c>,
        /// <c>$XDG_CONFIG_HOME/libvirt/auth.conf</c>, <c>/etc/libvirt/auth.conf</c>; null when none applies.
        /// </summary>
        public static string? Locate(string? uriAuthFile, Uris.ClientEnvironment env)
        {
            var fromEnv = env.GetVariable("LIBVIRT_AUTH_FILE");
            if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
            if (!string.IsNullOrEmpty(uriAuthFile)) return uriAuthFile;
            string user = env.Combine(env.UserConfigDirectory, "libvirt", "auth.conf");
            if (env.FileExists(user)) return user;
            if (!env.IsWindows && env.FileExists("/etc/libvirt/auth.conf")) return "/etc/libvirt/auth.conf";
            return null;
        }

        public static AuthConfig Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new LibvirtException(LibvirtErrorCode.ConfSyntax, LibvirtErrorDomain.Conf,
                    "cannot read authentication file '" + path + "': " + e.Message, inner: e);
            }
            return Parse(path, text);
        }

        public static AuthConfig Parse(string path, string text)
        {
            var groups = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            Dictionary<string, string>? current = null;
            int lineNo = 0;
            foreach (var raw in text.Split('\n'))
            {
                lineNo++;
                string line = raw.TrimEnd('\r').Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                if (line[0] == '[')
                {
                    if (line[line.Length - 1] != ']')
                        throw new LibvirtException(LibvirtErrorCode.ConfSyntax, LibvirtErrorDomain.Conf,
                            "invalid group line " + lineNo + " in '" + path + "'");
                    string name = line.Substring(1, line.Length - 2);
                    if (!groups.TryGetValue(name, out current)) groups[name] = current = new Dictionary<string, string>(StringComparer.Ordinal);
                    continue;
                }
                int eq = line.IndexOf('=');
                if (eq <= 0 || current == null)
                    throw new LibvirtException(LibvirtErrorCode.ConfSyntax, LibvirtErrorDomain.Conf,
                        "invalid line " + lineNo + " in '" + path + "'");
                current[line.Substring(0, eq).Trim()] = line.Substring(eq + 1).Trim();
            }
            return new AuthConfig(path, groups);
        }

        /// <summary>virAuthConfigLookup: <c>auth-SERVICE-HOST</c>, else <c>auth-SERVICE-default</c>; null when nothing applies.</summary>
        public string? Lookup(string service, string? host, string credentialName)
        {
            host ??= "localhost";
            string group = "auth-" + service + "-" + host;
            if (!_groups.TryGetValue(group, out var auth))
            {
                group = "auth-" + service + "-default";
                if (!_groups.TryGetValue(group, out auth)) return null;
            }
            if (!auth.TryGetValue("credentials", out var credName))
                throw new LibvirtException(LibvirtErrorCode.ConfSyntax, LibvirtErrorDomain.Conf,
                    "Missing item 'credentials' in group '" + group + "' in '" + Path + "'");
            if (!_groups.TryGetValue("credentials-" + credName, out var creds))
                throw new LibvirtException(LibvirtErrorCode.ConfSyntax, LibvirtErrorDomain.Conf,
                    "Missing group 'credentials-" + credName + "' referenced from group '" + group + "' in '" + Path + "'");
            return creds.TryGetValue(credentialName, out var v) ? v : null;
        }
    }
}
