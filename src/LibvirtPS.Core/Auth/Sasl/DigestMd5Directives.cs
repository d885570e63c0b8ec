using System;
using System.Collections.Generic;
using System.Text;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// The <c>name=value, name="quoted value"</c> lists of RFC 2831 (digest-challenge, digest-response,
    /// response-auth): parsing with the "#rule" (empty elements, linear white space) and quoted-string escapes,
    /// and formatting with quoting where the grammar asks for it.
    /// </summary>
    internal static class DigestMd5Directives
    {
        /// <summary>
        /// Parses a directive list. Names are case-insensitive (returned lower-case); a name may repeat (realm),
        /// so the result keeps the order and every occurrence. Throws FormatException on bad syntax.
        /// </summary>
        public static List<KeyValuePair<string, string>> Parse(string text)
        {
            var result = new List<KeyValuePair<string, string>>();
            int i = 0, n = text.Length;
            while (true)
            {
                SkipSpaceAndCommas(text, ref i);
                if (i >= n) break;
                int nameStart = i;
                while (i < n && IsTokenChar(text[i])) i++;
                if (i == nameStart) throw new FormatException("bad character '" + text[i] + "' at " + i + " in the DIGEST-MD5 directives");
                string name = text.Substring(nameStart, i - nameStart).ToLowerInvariant();
                SkipSpace(text, ref i);
                if (i >= n || text[i] != '=') throw new FormatException("directive '" + name + "' has no value");
                i++;
                SkipSpace(text, ref i);
                string value;
                if (i < n && text[i] == '"')
                {
                    i++;
                    var sb = new StringBuilder();
                    while (true)
                    {
                        if (i >= n) throw new FormatException("unterminated quoted value of directive '" + name + "'");
                        char c = text[i++];
                        if (c == '"') break;
                        if (c == '\\')
                        {
                            if (i >= n) throw new FormatException("unterminated quoted value of directive '" + name + "'");
                            c = text[i++];
                        }
                        sb.Append(c);
                    }
                    value = sb.ToString();
                }
                else
                {
                    int valueStart = i;
                    while (i < n && text[i] != ',' && !IsSpace(text[i])) i++;
                    value = text.Substring(valueStart, i - valueStart);
                }
                result.Add(new KeyValuePair<string, string>(name, value));
                SkipSpace(text, ref i);
                if (i < n && text[i] != ',') throw new FormatException("expected ',' after directive '" + name + "'");
            }
            return result;
        }

        /// <summary>The single value of <paramref name="name"/>, null when absent; throws when it repeats.</summary>
        public static string? Single(List<KeyValuePair<string, string>> directives, string name)
        {
            string? found = null;
            foreach (var d in directives)
            {
                if (d.Key != name) continue;
                if (found != null) throw new FormatException("directive '" + name + "' appears more than once");
                found = d.Value;
            }
            return found;
        }

        /// <summary>Every value of <paramref name="name"/> in order.</summary>
        public static List<string> All(List<KeyValuePair<string, string>> directives, string name)
        {
            var list = new List<string>();
            foreach (var d in directives) if (d.Key == name) list.Add(d.Value);
            return list;
        }

        /// <summary>A comma-separated option list inside one value (qop-options, cipher-opts), trimmed, empty ones dropped.</summary>
        public static List<string> SplitOptions(string? value)
        {
            var list = new List<string>();
            if (value == null) return list;
            foreach (var part in value.Split(','))
            {
                var t = part.Trim(' ', '\t', '\r', '\n');
                if (t.Length > 0) list.Add(t);
            }
            return list;
        }

        /// <summary>Appends <c>,name="value"</c> (quoted-string with \ escapes).</summary>
        public static void AppendQuoted(StringBuilder sb, string name, string value)
        {
            if (sb.Length > 0) sb.Append(',');
            sb.Append(name).Append("=\"");
            foreach (char c in value)
            {
                if (c == '"' || c == '\\') sb.Append('\\');
                sb.Append(c);
            }
            sb.Append('"');
        }

        /// <summary>Appends <c>,name=value</c> (a token value).</summary>
        public static void AppendToken(StringBuilder sb, string name, string value)
        {
            if (sb.Length > 0) sb.Append(',');
            sb.Append(name).Append('=').Append(value);
        }

        private static bool IsSpace(char c) => c == ' ' || c == '\t' || c == '\r' || c == '\n';

        private static void SkipSpace(string s, ref int i)
        {
            while (i < s.Length && IsSpace(s[i])) i++;
        }

        private static void SkipSpaceAndCommas(string s, ref int i)
        {
            while (i < s.Length && (IsSpace(s[i]) || s[i] == ',')) i++;
        }

        // RFC 2616 token: any CHAR except CTLs or separators
        private static bool IsTokenChar(char c) =>
            c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} ".IndexOf(c) < 0;
    }
}
