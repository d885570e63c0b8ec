using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// The client's <c>libvirt.conf</c>: <c>uri_default</c>, <c>uri_aliases</c> and the remote driver's
    /// defaults <c>remote_mode</c>, <c>remote_proxy</c>, <c>tls_priority</c>. A missing file is an empty
    /// config; a malformed one makes every open fail, as in libvirt.
    /// </summary>
    public sealed class ClientConfig
    {
        private readonly VirConf? _conf;

        private ClientConfig(string path, VirConf? conf)
        {
            Path = path;
            _conf = conf;
        }

        /// <summary>The file that was looked for.</summary>
        public string Path { get; }

        /// <summary>True when the file existed and was read.</summary>
        public bool Loaded => _conf != null;

        public static ClientConfig Load(ClientEnvironment env, string? pathOverride = null)
        {
            string path = pathOverride ?? env.ClientConfigPath;
            if (!env.FileExists(path)) return new ClientConfig(path, null);
            return new ClientConfig(path, VirConf.ReadFile(path));
        }

        public static ClientConfig FromText(string path, string text) => new ClientConfig(path, VirConf.Parse(path, text));

        public static ClientConfig Empty(string path) => new ClientConfig(path, null);

        public string? UriDefault => _conf?.GetString("uri_default");
        public System.Collections.Generic.IReadOnlyList<string>? UriAliases => _conf?.GetStringList("uri_aliases");
        public string? RemoteMode => _conf?.GetString("remote_mode");
        public string? RemoteProxy => _conf?.GetString("remote_proxy");
        public string? TlsPriority => _conf?.GetString("tls_priority");

        /// <summary>
        /// libvirt's alias lookup: entries are checked in order until one matches; each checked entry must be
        /// <c>alias=uri</c> with an alias of <c>A-Z a-z 0-9 _ -</c>. The match is exact and case-sensitive.
        /// </summary>
        public string? ResolveAlias(string alias)
        {
            var aliases = UriAliases;
            if (aliases == null) return null;
            foreach (var entry in aliases)
            {
                int eq = entry.IndexOf('=');
                if (eq < 0)
                {
                    throw new LibvirtException(LibvirtErrorCode.ConfSyntax, LibvirtErrorDomain.Uri,
                        "Malformed 'uri_aliases' config entry '" + entry + "', expected 'alias=uri://host/path'");
                }
                for (int i = 0; i < eq; i++)
                {
                    char c = entry[i];
                    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                    if (!ok)
                    {
                        throw new LibvirtException(LibvirtErrorCode.ConfSyntax, LibvirtErrorDomain.Uri,
                            "Malformed 'uri_aliases' config entry '" + entry + "', aliases may only contain 'a-Z, 0-9, _, -'");
                    }
                }
                if (eq == alias.Length && string.CompareOrdinal(entry, 0, alias, 0, eq) == 0)
                {
                    return entry.Substring(eq + 1);
                }
            }
            return null;
        }
    }
}
