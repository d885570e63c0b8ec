using System;
using System.Text;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// SASLprep (RFC 4013, stringprep profile of RFC 3454) for SCRAM passwords: non-ASCII spaces become U+0020,
    /// "commonly mapped to nothing" characters are removed, NFKC, then prohibited characters are refused. ASCII
    /// passwords pass unchanged (the common case). Unassigned code points are allowed (stored strings query).
    /// The bidirectional rule is not checked.
    /// </summary>
    public static class SaslPrep
    {
        public static string Prepare(string input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            bool ascii = true;
            foreach (char c in input)
            {
                if (c >= 0x80 || c < 0x20 || c == 0x7F) { ascii = false; break; }
            }
            if (ascii) return input;

            var mapped = new StringBuilder(input.Length);
            foreach (char c in input)
            {
                if (IsMappedToNothing(c)) continue;
                mapped.Append(IsNonAsciiSpace(c) ? ' ' : c);
            }
            string normalized = mapped.ToString().Normalize(NormalizationForm.FormKC);
            for (int i = 0; i < normalized.Length; i++)
            {
                char c = normalized[i];
                int cp = c;
                if (char.IsHighSurrogate(c) && i + 1 < normalized.Length && char.IsLowSurrogate(normalized[i + 1]))
                {
                    cp = char.ConvertToUtf32(c, normalized[i + 1]);
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    throw new SaslMechanismException(SaslMechanismException.Fail, "the password contains a lone surrogate (SASLprep)");
                }
                if (IsProhibited(cp))
                    throw new SaslMechanismException(SaslMechanismException.Fail, "the password contains a character SASLprep prohibits (U+" + cp.ToString("X4") + ")");
            }
            return normalized;
        }

        // RFC 3454 C.1.2
        private static bool IsNonAsciiSpace(char c) =>
            c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000;

        // RFC 3454 B.1
        private static bool IsMappedToNothing(char c) =>
            c == 0x00AD || c == 0x034F || c == 0x1806 || (c >= 0x180B && c <= 0x180D) || (c >= 0x200C && c <= 0x200D) ||
            c == 0x2060 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;

        // RFC 4013 §2.3: C.1.2 (after mapping none remain), C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9
        private static bool IsProhibited(int cp)
        {
            if (cp < 0x20 || cp == 0x7F) return true;                                  // C.2.1
            if (cp >= 0x80 && cp <= 0x9F) return true;                                  // C.2.2
            if (cp == 0x06DD || cp == 0x070F || cp == 0x180E || (cp >= 0x200C && cp <= 0x200D) || (cp >= 0x2028 && cp <= 0x2029) ||
                (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFC) ||
                (cp >= 0x1D173 && cp <= 0x1D17A)) return true;                          // C.2.2
            if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD)) return true; // C.3
            if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return true;  // C.4
            if (cp >= 0xD800 && cp <= 0xDFFF) return true;                              // C.5
            if (cp >= 0xFFF9 && cp <= 0xFFFD) return true;                              // C.6
            if (cp >= 0x2FF0 && cp <= 0x2FFB) return true;                              // C.7
            if ((cp >= 0x0340 && cp <= 0x0341) || (cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
                (cp >= 0x206A && cp <= 0x206F)) return true;                            // C.8
            if (cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)) return true;          // C.9
            return false;
        }
    }
}
