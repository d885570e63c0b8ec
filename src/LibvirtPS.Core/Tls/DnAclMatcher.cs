using System.Collections.Generic;

namespace LibvirtPS.Core.Tls
{
    /// <summary>
    /// The daemon's <c>tls_allowed_dn_list</c> check (<c>virNetTLSContextCheckCertDNACL</c>, GLib's
    /// <c>g_pattern_match_simple</c>): '*' matches any run of characters, '?' one character, everything else
    /// itself (case-sensitive, no escapes), against the GnuTLS DN string (e.g. <c>C=UK,CN=libvirt*</c>).
    /// Server-side in libvirt; here for diagnostics and tests.
    /// </summary>
    public static class DnAclMatcher
    {
        /// <summary>libvirt's error when no pattern matches (the daemon reports it; the client only sees the connection close).</summary>
        public const string NotAllowedMessage =
            "Client's Distinguished Name is not on the list of allowed clients (tls_allowed_dn_list).  " +
            "Use 'virt-pki-query-dn clientcert.pem' to view the Distinguished Name field in the client certificate, " +
            "or run this daemon with --verbose option.";

        public static bool IsMatch(string pattern, string distinguishedName) => Match(pattern, 0, distinguishedName, 0);

        /// <summary>True when any pattern matches.</summary>
        public static bool IsAllowed(IEnumerable<string> patterns, string distinguishedName)
        {
            foreach (string p in patterns)
                if (IsMatch(p, distinguishedName)) return true;
            return false;
        }

        private static bool Match(string p, int pi, string s, int si)
        {
            while (pi < p.Length)
            {
                char c = p[pi];
                if (c == '*')
                {
                    while (pi < p.Length && p[pi] == '*') pi++;
                    if (pi == p.Length) return true;
                    for (int k = si; k <= s.Length; k++)
                        if (Match(p, pi, s, k)) return true;
                    return false;
                }
                if (si >= s.Length) return false;
                if (c != '?' && c != s[si]) return false;
                // '?' consumes one character (a surrogate pair counts as one, as GLib counts UTF-8 characters)
                if (c == '?' && char.IsHighSurrogate(s[si]) && si + 1 < s.Length && char.IsLowSurrogate(s[si + 1])) si++;
                pi++;
                si++;
            }
            return si == s.Length;
        }
    }
}
