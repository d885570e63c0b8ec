using System.Text;

namespace LibvirtPS.Core.Ssh
{
    /// <summary>libvirt's shell quoting (<c>virBufferEscapeShell</c> and the client's double escaping).</summary>
    public static class ShellEscape
    {
        private const string Special = "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~";

        /// <summary>
        /// Empty → <c>''</c>; no special character → unchanged; otherwise wrapped in single quotes with each
        /// <c>'</c> written as <c>'\''</c>.
        /// </summary>
        public static string Escape(string s)
        {
            if (s.Length == 0) return "''";
            if (s.IndexOfAny(Special.ToCharArray()) < 0) return s;
            var sb = new StringBuilder(s.Length + 8);
            sb.Append('\'');
            foreach (char c in s)
            {
                if (c == '\'') sb.Append("'\\''");
                else sb.Append(c);
            }
            sb.Append('\'');
            return sb.ToString();
        }

        /// <summary>Escaped twice, because the text passes through the login shell and then <c>sh -c</c>.</summary>
        public static string DoubleEscape(string s) => Escape(Escape(s));
    }
}
