using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace LibvirtPS.Core.Tests.Fuzz
{
    /// <summary>
    /// Generators for the property tests: text made mostly of the characters that matter to each parser, and
    /// byte strings mutated from the real traffic of the golden vectors (bit flips, cuts, inserted lengths).
    /// </summary>
    public static class FuzzInputs
    {
        private const string UriChars = "abcqemutsh+:/?#[]@!$&'()*,;=%-._~0123456789 AZ\t\u00e9";
        private static readonly string[] UriSeeds =
        {
            "qemu:///system", "qemu+ssh://fred@example.com:2222/system?keyfile=/k&no_tty=1", "test:///default",
            "qemu+tls://[::1]:16514/system?pkipath=/p&no_verify=1", "remote:///", "xen", "qemu+unix:///system?socket=/s&mode=direct",
            "test://example.com/?foo=one;foo=two", "qemu+libssh2://u@h/system?sshauth=agent,privkey&known_hosts_verify=auto",
            "qemu+ext:///system?command=/bin/x", "spice://[3ffe::104]:5900/?tlsSubject=C=XX,L=Testtown",
        };

        private const string ConfChars = "uri_defaltsmoep=\"'[],;#\n\t -+0123456789xyz:/";
        private static readonly string[] ConfSeeds =
        {
            "uri_default = \"qemu:///system\"\n", "uri_aliases = [\n  \"hail=qemu+ssh://root@hail/system\",\n  \"sleet=qemu:///system\",\n]\n",
            "remote_mode = 'direct'; remote_proxy = \"native\" # c\n", "x = \"\"\"multi\nline\"\"\"\n", "n = -42\nlist = [ 1, \"a\", [ ] ]\n",
        };

        public static Arbitrary<string> UriText() => Text(UriChars, UriSeeds, 80).ToArbitrary();

        public static Arbitrary<string> ConfText() => Text(ConfChars, ConfSeeds, 120).ToArbitrary();

        /// <summary>Either random text over the alphabet or a seed with random edits.</summary>
        private static Gen<string> Text(string alphabet, string[] seeds, int maxLength)
        {
            var random = Gen.Choose(0, maxLength).SelectMany(n =>
                Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n).Select(cs => new string(cs)));
            var mutated = Gen.Elements(seeds).SelectMany(seed =>
                Gen.Choose(1, 4).SelectMany(edits =>
                    Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 1000), Gen.Elements(alphabet.ToCharArray())), edits)
                        .Select(ops => Apply(seed, ops))));
            return Gen.OneOf(random, mutated);
        }

        private static string Apply(string seed, (int, char)[] ops)
        {
            var chars = seed.ToList();
            foreach (var (pos, c) in ops)
            {
                int i = chars.Count == 0 ? 0 : pos % (chars.Count + 1);
                switch (pos % 3)
                {
                    case 0: chars.Insert(i, c); break;
                    case 1: if (i < chars.Count) chars[i] = c; break;
                    default: if (i < chars.Count) chars.RemoveAt(i); break;
                }
            }
            return new string(chars.ToArray());
        }

        /// <summary>Golden packets with flipped bits, cut ends, appended junk or a forged length word.</summary>
        public static Arbitrary<byte[]> Packet() =>
            Gen.Elements(Seeds.Packets).SelectMany(seed =>
                Gen.Choose(0, 4).SelectMany(kind =>
                    Gen.Choose(0, Math.Max(0, seed.Length * 8 - 1)).SelectMany(bit =>
                        Gen.Choose(0, int.MaxValue).Select(junk => Mutate(seed, kind, bit, junk))))).ToArbitrary();

        private static byte[] Mutate(byte[] seed, int kind, int bit, int junk)
        {
            var b = (byte[])seed.Clone();
            switch (kind)
            {
                case 0:
                    b[bit / 8] ^= (byte)(1 << (bit % 8));
                    return b;
                case 1:
                    return b.Take(bit / 8).ToArray();
                case 2:
                    return b.Concat(BitConverter.GetBytes(junk)).ToArray();
                case 3:
                    // a forged count/length somewhere in the payload
                    int at = Math.Min(b.Length - 4, 28 + (bit / 8 % Math.Max(1, b.Length - 28)) / 4 * 4);
                    if (at >= 28) { b[at] = (byte)(junk >> 24); b[at + 1] = (byte)(junk >> 16); b[at + 2] = (byte)(junk >> 8); b[at + 3] = (byte)junk; }
                    return b;
                default:
                    b[bit / 8] = (byte)junk;
                    return b;
            }
        }
    }
}
