using System;
using System.Collections.Generic;
using System.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// A libvirt connection URI parsed with libvirt 9.0's rules (<c>virURIParse</c>): scheme case kept,
    /// user/server/path/fragment percent-decoded, IPv6 brackets stripped, port 0 when there is no server,
    /// and the query split into parameters by <c>virURIParseParams</c>. Immutable.
    /// </summary>
    public sealed class LibvirtUri
    {
        internal LibvirtUri(string? scheme, string? server, string? user, int port, string? path, string? query,
            string? fragment, IReadOnlyList<UriParameter> parameters)
        {
            Scheme = scheme;
            Server = server;
            User = user;
            Port = port;
            Path = path;
            Query = query;
            Fragment = fragment;
            Parameters = parameters;
        }

        /// <summary>The scheme exactly as written (libvirt does not fold its case), or null.</summary>
        public string? Scheme { get; }

        /// <summary>The decoded host name or address; IPv6 without brackets. Null when absent.</summary>
        public string? Server { get; }

        /// <summary>The decoded user part (it may contain ':'; libvirt does not split it).</summary>
        public string? User { get; }

        /// <summary>The port, 0 when none was given (or there is no server).</summary>
        public int Port { get; }

        /// <summary>The decoded path, or null when the URI has none.</summary>
        public string? Path { get; }

        /// <summary>The raw (still encoded) query, or null.</summary>
        public string? Query { get; }

        /// <summary>The decoded fragment, or null.</summary>
        public string? Fragment { get; }

        /// <summary>The query parameters, decoded, duplicates kept in order.</summary>
        public IReadOnlyList<UriParameter> Parameters { get; }

        /// <summary>Parses a URI or throws libvirt's error <c>Unable to parse URI &lt;uri&gt;</c>.</summary>
        public static LibvirtUri Parse(string uri)
        {
            if (uri == null) throw new ArgumentNullException(nameof(uri));
            var parsed = Rfc3986Parser.Parse(uri);
            if (parsed == null)
            {
                throw new LibvirtException(LibvirtErrorCode.InternalError, LibvirtErrorDomain.Uri,
                    "Unable to parse URI " + uri);
            }

            string? server = parsed.Server;
            int port = string.IsNullOrEmpty(server) ? 0 : parsed.Port;
            server = StripIPv6Brackets(server);
            return new LibvirtUri(parsed.Scheme, server, parsed.User, port, parsed.Path, parsed.QueryRaw,
                parsed.Fragment, UriQuery.ParseParameters(parsed.QueryRaw));
        }

        /// <summary>Tries <see cref="Parse"/>; returns false instead of throwing.</summary>
        public static bool TryParse(string uri, out LibvirtUri? result)
        {
            try
            {
                result = Parse(uri);
                return true;
            }
            catch (LibvirtException)
            {
                result = null;
                return false;
            }
        }

        // virStringStripIPv6Brackets: only "[...:...]" loses its brackets.
        private static string? StripIPv6Brackets(string? server)
        {
            if (server != null && server.Length > 2 && server[0] == '[' && server[server.Length - 1] == ']' &&
                server.IndexOf(':') >= 0)
            {
                return server.Substring(1, server.Length - 2);
            }
            return server;
        }

        /// <summary>A copy with some parts replaced (used to apply cmdlet parameters over a URI).</summary>
        public LibvirtUri With(string? scheme = null, string? server = null, string? user = null, int? port = null,
            IReadOnlyList<UriParameter>? parameters = null, bool clearServer = false)
        {
            var newParams = parameters ?? Parameters;
            string? newServer = clearServer ? null : server ?? Server;
            string? query = parameters == null ? Query : UriQuery.FormatParameters(newParams);
            return new LibvirtUri(scheme ?? Scheme, newServer, user ?? User,
                string.IsNullOrEmpty(newServer) ? 0 : port ?? Port, Path, query, Fragment, newParams);
        }

        /// <summary>
        /// Formats as libvirt's <c>virURIFormat</c>: IPv6 servers re-bracketed, <c>scheme://</c> even without a
        /// server, user/path/fragment escaped as libxml2 does, the query written raw.
        /// </summary>
        public string Format() => Format(Scheme, Server, User, Port, Path, Query, Fragment);

        internal static string Format(string? scheme, string? server, string? user, int port, string? path,
            string? query, string? fragment)
        {
            var sb = new System.Text.StringBuilder();
            if (scheme != null) sb.Append(scheme).Append(':');
            // libvirt sets port -1 when there is no server, so libxml2 always writes "//"
            sb.Append("//");
            if (user != null) sb.Append(UriEscaping.EscapeUser(user)).Append('@');
            if (server != null) sb.Append(server.IndexOf(':') >= 0 ? "[" + server + "]" : server);
            if (server != null && port > 0) sb.Append(':').Append(port);
            if (path != null) sb.Append(UriEscaping.EscapePath(path));
            if (query != null) sb.Append('?').Append(query);
            if (fragment != null) sb.Append('#').Append(UriEscaping.EscapeFragment(fragment));
            return sb.ToString();
        }

        /// <summary>The value of the last parameter with this name (case-insensitive, as the remote driver reads them).</summary>
        public string? GetParameter(string name) =>
            Parameters.LastOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

        public override string ToString() => Format();
    }
}
