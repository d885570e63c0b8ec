using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace LibvirtPS.Core.Uris
{
    /// <summary>libvirt's query parameter rules: <c>virURIParseParams</c> and <c>virURIFormatParams</c>.</summary>
    public static class UriQuery
    {
        /// <summary>
        /// Splits a raw query. '&amp;' separates; ';' only when no '&amp;' remains in the rest of the string.
        /// Empty items are skipped, "name" and "name=" give "", "=value" is dropped, names and values are
        /// percent-decoded (a '+' stays a '+').
        /// </summary>
        public static IReadOnlyList<UriParameter> ParseParameters(string? query)
        {
            var result = new List<UriParameter>();
            if (string.IsNullOrEmpty(query)) return result;
            string q = query!;
            int pos = 0;
            while (pos < q.Length)
            {
                int end = q.IndexOf('&', pos);
                if (end < 0) end = q.IndexOf(';', pos);
                if (end < 0) end = q.Length;
                int eq = q.IndexOf('=', pos);
                if (eq >= end) eq = -1;

                if (end == pos)
                {
                    // empty item, e.g. "&&"
                }
                else if (eq < 0)
                {
                    result.Add(new UriParameter(UriEscaping.Unescape(q, pos, end - pos), ""));
                }
                else if (eq + 1 == end)
                {
                    // checked before "=value" in libvirt, so a lone "=" gives an empty name and value
                    result.Add(new UriParameter(UriEscaping.Unescape(q, pos, eq - pos), ""));
                }
                else if (eq == pos)
                {
                    // "=value" is ignored, like CGI.pm
                }
                else
                {
                    result.Add(new UriParameter(UriEscaping.Unescape(q, pos, eq - pos),
                        UriEscaping.Unescape(q, eq + 1, end - eq - 1)));
                }

                pos = end;
                if (pos < q.Length) pos++;
            }
            return result;
        }

        /// <summary>
        /// <c>virURIFormatParams</c>: <c>name=value</c> joined by '&amp;'; the name verbatim, the value escaped with
        /// GLib's rules. Null when there are no parameters (so no '?' is written).
        /// </summary>
        public static string? FormatParameters(IEnumerable<UriParameter> parameters)
        {
            var list = parameters.ToList();
            if (list.Count == 0) return null;
            var sb = new StringBuilder();
            foreach (var p in list)
            {
                if (sb.Length > 0) sb.Append('&');
                sb.Append(p.Name).Append('=').Append(UriEscaping.EscapeParameterValue(p.Value));
            }
            return sb.ToString();
        }
    }
}
