using System.Collections.Generic;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Uris
{
    /// <summary>The recursive-descent parser behind <see cref="VirConf"/>, step for step as virconf.c reads.</summary>
    internal sealed class VirConfParser
    {
        private readonly string _file;
        private readonly string _text;
        private readonly int _end;
        private int _cur;
        private int _line = 1;

        internal VirConfParser(string file, string text)
        {
            _file = file;
            _text = text;
            _end = text.Length - 1;
        }

        private char Cur => _cur < _text.Length && _cur >= 0 ? _text[_cur] : '\0';
        private static bool IsBlank(char c) => c == ' ' || c == '\t';
        private static bool IsEol(char c) => c == '\n' || c == '\r';
        private bool More => _cur < _end;

        private LibvirtException Error(string what) =>
            new LibvirtException(LibvirtErrorCode.ConfSyntax, LibvirtErrorDomain.Conf, _file + ":" + _line + ": " + what);

        private void SkipBlanks()
        {
            while (More && IsBlank(Cur)) _cur++;
        }

        private void SkipBlanksAndEol()
        {
            while (More && (IsBlank(Cur) || IsEol(Cur)))
            {
                if (Cur == '\n') _line++;
                _cur++;
            }
        }

        internal List<KeyValuePair<string, VirConfValue>> ParseAll()
        {
            var entries = new List<KeyValuePair<string, VirConfValue>>();
            while (More)
            {
                ParseStatement(entries);
                ParseSeparator();
            }
            return entries;
        }

        private void ParseStatement(List<KeyValuePair<string, VirConfValue>> entries)
        {
            SkipBlanksAndEol();
            if (Cur == '#')
            {
                SkipComment();
                return;
            }
            string name = ParseName();
            SkipBlanks();
            if (Cur != '=') throw Error("expecting an assignment");
            _cur++;
            SkipBlanks();
            var value = ParseValue();
            SkipBlanks();
            if (Cur == '#') SkipComment();
            entries.Add(new KeyValuePair<string, VirConfValue>(name, value));
        }

        private void SkipComment()
        {
            _cur++;
            while (More && !IsEol(Cur)) _cur++;
        }

        private void ParseSeparator()
        {
            SkipBlanks();
            if (!More) return;
            if (IsEol(Cur))
            {
                SkipBlanksAndEol();
            }
            else if (Cur == ';')
            {
                _cur++;
                SkipBlanksAndEol();
            }
            else
            {
                throw Error("expecting a separator");
            }
        }

        private string ParseName()
        {
            SkipBlanks();
            int start = _cur;
            if (!IsAsciiLetter(Cur)) throw Error("expecting a name");
            while (More && (IsAsciiLetter(Cur) || (Cur >= '0' && Cur <= '9') || Cur == '_')) _cur++;
            return _text.Substring(start, _cur - start);
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private VirConfValue ParseValue()
        {
            SkipBlanks();
            if (!More) throw Error("expecting a value");
            if (Cur == '"' || Cur == '\'') return VirConfValue.FromString(ParseString());
            if (Cur == '[') return ParseList();
            if ((Cur >= '0' && Cur <= '9') || Cur == '-' || Cur == '+') return VirConfValue.FromNumber(ParseLong());
            throw Error("expecting a value");
        }

        private VirConfValue ParseList()
        {
            var items = new List<VirConfValue>();
            _cur++;
            SkipBlanksAndEol();
            if (More && Cur != ']')
            {
                items.Add(ParseValue());
                SkipBlanksAndEol();
            }
            while (More && Cur != ']')
            {
                if (Cur != ',') throw Error("expecting a separator in list");
                _cur++;
                SkipBlanksAndEol();
                if (Cur == ']') break;
                items.Add(ParseValue());
                SkipBlanksAndEol();
            }
            if (Cur != ']') throw Error("list is not closed with ]");
            _cur++;
            return VirConfValue.FromList(items);
        }

        private long ParseLong()
        {
            bool negative = false;
            if (Cur == '-') { negative = true; _cur++; }
            else if (Cur == '+') _cur++;
            if (!More || !(Cur >= '0' && Cur <= '9')) throw Error("unterminated number");
            long value = 0;
            while (More && Cur >= '0' && Cur <= '9')
            {
                value = unchecked(value * 10 + (Cur - '0'));
                _cur++;
            }
            return negative ? -value : value;
        }

        private string ParseString()
        {
            if (Cur == '\'') return ParseQuoted('\'');
            if (_cur + 6 < _end && string.CompareOrdinal(_text, _cur, "\"\"\"", 0, 3) == 0)
            {
                _cur += 3;
                int start = _cur;
                while (_cur + 2 < _end && string.CompareOrdinal(_text, _cur, "\"\"\"", 0, 3) != 0)
                {
                    if (Cur == '\n') _line++;
                    _cur++;
                }
                if (string.CompareOrdinal(_text, _cur, "\"\"\"", 0, 3) != 0) throw Error("unterminated string");
                string s = _text.Substring(start, _cur - start);
                _cur += 3;
                return s;
            }
            return ParseQuoted('"');
        }

        private string ParseQuoted(char quote)
        {
            _cur++;
            int start = _cur;
            while (More && Cur != quote && !IsEol(Cur)) _cur++;
            if (Cur != quote) throw Error("unterminated string");
            string s = _text.Substring(start, _cur - start);
            _cur++;
            return s;
        }
    }
}
