using System.Text;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// The escaping rules libvirt gets from libxml2 and GLib. They differ per URI part, and the exact bytes
    /// matter because the formatted name is sent to the daemon.
    /// </summary>
    internal static class UriEscaping
    {
        internal static bool IsAlpha(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        internal static bool IsDigit(char c) => c >= '0' && c <= '9';
        internal static bool IsHex(char c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static int HexValue(char c) => IsDigit(c) ? c - '0' : (char.ToLowerInvariant(c) - 'a' + 10);

        /// <summary>libxml2 <c>xmlURIUnescapeString</c>: <c>%XX</c> becomes the byte, anything else is kept (no '+' to space).</summary>
        internal static string Unescape(string s, int start, int length)
        {
            var bytes = new System.Collections.Generic.List<byte>(length);
            int end = start + length;
            for (int i = start; i < end;)
            {
                if (s[i] == '%' && end - i > 2 && IsHex(s[i + 1]) && IsHex(s[i + 2]))
                {
                    bytes.Add((byte)(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
                    i += 3;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
                    i++;
                }
            }
            return Encoding.UTF8.GetString(bytes.ToArray());
        }

        internal static string Unescape(string s) => Unescape(s, 0, s.Length);

        /// <summary>
        /// GLib <c>g_string_append_uri_escaped(…, NULL, FALSE)</c>, used by libvirt for parameter values:
        /// every byte but <c>A-Z a-z 0-9 - . _ ~</c> becomes <c>%XX</c> with upper-case hex.
        /// </summary>
        internal static string EscapeParameterValue(string value)
        {
            return EscapeBytes(value, b => IsAlpha((char)b) || IsDigit((char)b) || b == '-' || b == '.' || b == '_' || b == '~');
        }

        // libxml2's RFC 2396 "unreserved": alphanumerics and the marks -_.!~*'()
        private static bool IsXmlUnreserved(byte b)
        {
            char c = (char)b;
            return b < 0x80 && (IsAlpha(c) || IsDigit(c) || "-_.!~*'()".IndexOf(c) >= 0);
        }

        /// <summary>How libxml2's <c>xmlSaveUri</c> writes the user part.</summary>
        internal static string EscapeUser(string user) =>
            EscapeBytes(user, b => IsXmlUnreserved(b) || ";:&=+$,".IndexOf((char)b) >= 0);

        /// <summary>How libxml2's <c>xmlSaveUri</c> writes the path (note ':' is escaped).</summary>
        internal static string EscapePath(string path) =>
            EscapeBytes(path, b => IsXmlUnreserved(b) || "/;@&=+$,".IndexOf((char)b) >= 0);

        /// <summary>How libxml2's <c>xmlSaveUri</c> writes the fragment (unreserved and reserved kept).</summary>
        internal static string EscapeFragment(string fragment) =>
            EscapeBytes(fragment, b => IsXmlUnreserved(b) || ";/?:@&=+$,[]".IndexOf((char)b) >= 0);

        private static string EscapeBytes(string s, System.Func<byte, bool> keep)
        {
            var sb = new StringBuilder(s.Length + 8);
            foreach (byte b in Encoding.UTF8.GetBytes(s))
            {
                if (b < 0x80 && keep(b)) sb.Append((char)b);
                else sb.Append('%').Append(b.ToString("X2"));
            }
            return sb.ToString();
        }
    }
}
