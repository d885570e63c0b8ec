namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// A URI-reference parser with the behaviour of libxml2 2.9.14's <c>xmlParseURI</c>, which libvirt uses
    /// (<c>virURIParse</c>): try an absolute URI first, then a relative reference; user, host, path and fragment
    /// are percent-decoded, the query is kept raw. <see cref="System.Uri"/> differs in too many details
    /// (case folding, '+' handling, IPv6, empty ports) to be used here.
    /// </summary>
    internal sealed class Rfc3986Parser
    {
        private readonly string _s;
        private int _p;

        internal string? Scheme;
        internal string? User;
        internal string? Server;
        internal int Port;
        internal string? Path;
        internal string? QueryRaw;
        internal string? Fragment;

        private Rfc3986Parser(string s) { _s = s; }

        /// <summary>Parses <paramref name="text"/>; returns null where libxml2 would fail.</summary>
        internal static Rfc3986Parser? Parse(string text)
        {
            var absolute = new Rfc3986Parser(text);
            if (absolute.ParseAbsolute()) return absolute;
            var relative = new Rfc3986Parser(text);
            return relative.ParseRelative() ? relative : null;
        }

        private char Cur => _p < _s.Length ? _s[_p] : '\0';
        private char At(int i) => _p + i < _s.Length ? _s[_p + i] : '\0';

        private static bool IsUnreserved(char c) =>
            UriEscaping.IsAlpha(c) || UriEscaping.IsDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';

        private static bool IsSubDelim(char c) => "!$&'()*+,;=".IndexOf(c) >= 0 && c != '\0';

        private bool IsPctEncoded() => Cur == '%' && UriEscaping.IsHex(At(1)) && UriEscaping.IsHex(At(2));

        private bool IsPchar() => IsUnreserved(Cur) || IsPctEncoded() || IsSubDelim(Cur) || Cur == ':' || Cur == '@';

        // libxml2's NEXT(): a percent escape counts as one unit of three characters.
        private void Next() => _p += IsPctEncoded() ? 3 : 1;

        private bool ParseAbsolute()
        {
            if (!ParseScheme()) return false;
            if (Cur != ':') return false;
            _p++;
            if (!ParseHierPart()) return false;
            return ParseQueryFragmentEnd();
        }

        private bool ParseRelative()
        {
            if (Cur == '/' && At(1) == '/')
            {
                _p += 2;
                if (!ParseAuthority()) return false;
                ParsePathAbEmpty();
            }
            else if (Cur == '/')
            {
                ParsePathAbsolute();
            }
            else if (IsPchar())
            {
                // path-noscheme: the first segment may not contain ':'
                int start = _p;
                while (IsPchar() && Cur != ':') Next();
                while (Cur == '/') { _p++; ParseSegment(); }
                SetPath(start);
            }
            return ParseQueryFragmentEnd();
        }

        private bool ParseQueryFragmentEnd()
        {
            if (Cur == '?')
            {
                _p++;
                int start = _p;
                while (IsPchar() || Cur == '/' || Cur == '?') Next();
                QueryRaw = _s.Substring(start, _p - start);
            }
            if (Cur == '#')
            {
                _p++;
                int start = _p;
                while (IsPchar() || Cur == '/' || Cur == '?' || Cur == '[' || Cur == ']') Next();
                Fragment = UriEscaping.Unescape(_s, start, _p - start);
            }
            return _p == _s.Length;
        }

        private bool ParseScheme()
        {
            if (!UriEscaping.IsAlpha(Cur)) return false;
            int start = _p;
            _p++;
            while (UriEscaping.IsAlpha(Cur) || UriEscaping.IsDigit(Cur) || Cur == '+' || Cur == '-' || Cur == '.') _p++;
            Scheme = _s.Substring(start, _p - start);
            return true;
        }

        private bool ParseHierPart()
        {
            if (Cur == '/' && At(1) == '/')
            {
                _p += 2;
                if (!ParseAuthority()) return false;
                ParsePathAbEmpty();
            }
            else if (Cur == '/')
            {
                ParsePathAbsolute();
            }
            else if (IsPchar())
            {
                int start = _p;
                ParseSegment();
                while (Cur == '/') { _p++; ParseSegment(); }
                SetPath(start);
            }
            return true;
        }

        private bool ParseAuthority()
        {
            int start = _p;
            // userinfo only counts when an '@' follows it
            while (IsUnreserved(Cur) || IsPctEncoded() || IsSubDelim(Cur) || Cur == ':') Next();
            if (Cur == '@')
            {
                User = UriEscaping.Unescape(_s, start, _p - start);
                _p++;
            }
            else
            {
                _p = start;
            }

            ParseHost();
            if (Cur == ':')
            {
                _p++;
                if (!UriEscaping.IsDigit(Cur)) return false; // "host:" with an empty port is an error
                int port = 0;
                while (UriEscaping.IsDigit(Cur))
                {
                    port = unchecked(port * 10 + (Cur - '0')); // libxml2 2.9 has no range check
                    _p++;
                }
                Port = port;
            }
            return true;
        }

        private void ParseHost()
        {
            int host = _p;
            if (Cur == '[')
            {
                _p++;
                while (Cur != ']' && Cur != '\0') _p++;
                if (Cur == ']') { _p++; SetServer(host); return; }
                _p = host;
            }
            if (UriEscaping.IsDigit(Cur) && ParseIPv4()) { SetServer(host); return; }
            _p = host;
            while (IsUnreserved(Cur) || IsPctEncoded() || IsSubDelim(Cur)) Next();
            SetServer(host);
        }

        private bool ParseIPv4()
        {
            for (int i = 0; i < 4; i++)
            {
                if (!ParseDecOctet()) return false;
                if (i < 3)
                {
                    if (Cur != '.') return false;
                    _p++;
                }
            }
            return true;
        }

        // dec-octet as libxml2 2.9 reads it
        private bool ParseDecOctet()
        {
            char c0 = Cur, c1 = At(1), c2 = At(2);
            if (!UriEscaping.IsDigit(c0)) return false;
            if (!UriEscaping.IsDigit(c1)) { _p += 1; return true; }
            if (c0 != '0' && !UriEscaping.IsDigit(c2)) { _p += 2; return true; }
            if (c0 == '1' && UriEscaping.IsDigit(c2)) { _p += 3; return true; }
            if (c0 == '2' && c1 >= '0' && c1 <= '4' && UriEscaping.IsDigit(c2)) { _p += 3; return true; }
            if (c0 == '2' && c1 == '5' && c2 >= '0' && c2 <= '5') { _p += 3; return true; }
            return false;
        }

        private void SetServer(int start)
        {
            Server = _p != start ? UriEscaping.Unescape(_s, start, _p - start) : null;
        }

        private void ParseSegment()
        {
            while (IsPchar()) Next();
        }

        private void ParsePathAbEmpty()
        {
            int start = _p;
            while (Cur == '/') { _p++; ParseSegment(); }
            SetPath(start);
        }

        private void ParsePathAbsolute()
        {
            int start = _p;
            _p++; // the leading '/'
            if (IsPchar())
            {
                ParseSegment();
                while (Cur == '/') { _p++; ParseSegment(); }
            }
            SetPath(start);
        }

        private void SetPath(int start)
        {
            Path = _p != start ? UriEscaping.Unescape(_s, start, _p - start) : null;
        }
    }
}
