using System;
using System.Collections.Generic;
using System.Linq;
using LibvirtPS.Core.Errors;
using Org.BouncyCastle.Tls;

namespace LibvirtPS.Core.Transports.Tls
{
    /// <summary>One cipher suite LibvirtPS can offer, with the GnuTLS names of its parts.</summary>
    public sealed class TlsSuite
    {
        internal TlsSuite(int id, string name, bool tls13, string cipher, string keyExchange, string mac)
        {
            Id = id;
            Name = name;
            IsTls13 = tls13;
            Cipher = cipher;
            KeyExchange = keyExchange;
            Mac = mac;
        }

        /// <summary>The IANA code point.</summary>
        public int Id { get; }
        /// <summary>The IANA name (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384).</summary>
        public string Name { get; }
        public bool IsTls13 { get; }
        /// <summary>GnuTLS cipher name (AES-256-GCM).</summary>
        public string Cipher { get; }
        /// <summary>GnuTLS key exchange name (ECDHE-RSA); "" for TLS 1.3 suites, which do not name one.</summary>
        public string KeyExchange { get; }
        /// <summary>GnuTLS MAC name (AEAD, SHA1).</summary>
        public string Mac { get; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// A GnuTLS priority string (libvirt's <c>tls_priority</c>) mapped to what the BouncyCastle engine offers:
    /// protocol versions and an ordered cipher suite list. LibvirtPS only speaks TLS 1.2 and 1.3; anything it
    /// cannot honour exactly is an error naming the token, never a silently weaker default.
    /// </summary>
    /// <remarks>
    /// Keywords (first token): NORMAL, PERFORMANCE, SECURE128, SECURE192, SECURE256, PFS, NONE.
    /// Modifiers: <c>+X</c> appends, <c>-X</c> and <c>!X</c> remove; X is a version (VERS-ALL, VERS-TLS-ALL,
    /// VERS-TLS1.2, VERS-TLS1.3), a cipher (AES-128-GCM, AES-256-GCM, CHACHA20-POLY1305, AES-128-CCM,
    /// AES-256-CCM, AES-128-CBC, AES-256-CBC, CIPHER-ALL), a key exchange (ECDHE-RSA, ECDHE-ECDSA, DHE-RSA, RSA,
    /// KX-ALL) or a MAC (AEAD, SHA1, MAC-ALL). Removing something LibvirtPS never offers (VERS-TLS1.0,
    /// 3DES-CBC, ...) is accepted; adding it is an error. <c>+SIGN-ALL</c>, <c>+GROUP-ALL</c>, <c>+CURVE-ALL</c>,
    /// <c>+COMP-NULL</c>, <c>+CTYPE-X509</c> etc. are what the engine does anyway. Flags: <c>%NO_TLS1.3</c>
    /// (= <c>-VERS-TLS1.3</c>) and the ones without effect on a client (<c>%SERVER_PRECEDENCE</c>,
    /// <c>%COMPAT</c>, <c>%NO_TICKETS</c>, <c>%SAFE_RENEGOTIATION</c>, <c>%LATEST_RECORD_VERSION</c>, ...).
    /// </remarks>
    public sealed class TlsPriority
    {
        public const string Default = "NORMAL";

        private const string V12 = "TLS1.2";
        private const string V13 = "TLS1.3";

        private static readonly string[] AllCiphers =
            { "AES-256-GCM", "CHACHA20-POLY1305", "AES-256-CCM", "AES-256-CBC", "AES-128-GCM", "AES-128-CCM", "AES-128-CBC" };
        private static readonly string[] PerformanceCiphers =
            { "AES-128-GCM", "AES-256-GCM", "CHACHA20-POLY1305", "AES-128-CCM", "AES-256-CCM", "AES-128-CBC", "AES-256-CBC" };
        private static readonly string[] Secure256Ciphers = { "AES-256-GCM", "CHACHA20-POLY1305", "AES-256-CCM", "AES-256-CBC" };
        private static readonly string[] AllKx = { "ECDHE-ECDSA", "ECDHE-RSA", "RSA", "DHE-RSA" };
        private static readonly string[] PfsKx = { "ECDHE-ECDSA", "ECDHE-RSA", "DHE-RSA" };
        private static readonly string[] AllMacs = { "AEAD", "SHA1" };

        /// <summary>Every suite LibvirtPS knows, TLS 1.3 first.</summary>
        public static readonly IReadOnlyList<TlsSuite> KnownSuites = new[]
        {
            S(CipherSuite.TLS_AES_256_GCM_SHA384, "TLS_AES_256_GCM_SHA384", true, "AES-256-GCM", "", "AEAD"),
            S(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, "TLS_CHACHA20_POLY1305_SHA256", true, "CHACHA20-POLY1305", "", "AEAD"),
            S(CipherSuite.TLS_AES_128_GCM_SHA256, "TLS_AES_128_GCM_SHA256", true, "AES-128-GCM", "", "AEAD"),
            S(CipherSuite.TLS_AES_128_CCM_SHA256, "TLS_AES_128_CCM_SHA256", true, "AES-128-CCM", "", "AEAD"),

            S(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", false, "AES-256-GCM", "ECDHE-ECDSA", "AEAD"),
            S(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", false, "AES-256-GCM", "ECDHE-RSA", "AEAD"),
            S(CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384, "TLS_RSA_WITH_AES_256_GCM_SHA384", false, "AES-256-GCM", "RSA", "AEAD"),
            S(CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", false, "AES-256-GCM", "DHE-RSA", "AEAD"),

            S(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", false, "CHACHA20-POLY1305", "ECDHE-ECDSA", "AEAD"),
            S(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", false, "CHACHA20-POLY1305", "ECDHE-RSA", "AEAD"),
            S(CipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", false, "CHACHA20-POLY1305", "DHE-RSA", "AEAD"),

            S(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CCM, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", false, "AES-256-CCM", "ECDHE-ECDSA", "AEAD"),
            S(CipherSuite.TLS_RSA_WITH_AES_256_CCM, "TLS_RSA_WITH_AES_256_CCM", false, "AES-256-CCM", "RSA", "AEAD"),
            S(CipherSuite.TLS_DHE_RSA_WITH_AES_256_CCM, "TLS_DHE_RSA_WITH_AES_256_CCM", false, "AES-256-CCM", "DHE-RSA", "AEAD"),

            S(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", false, "AES-256-CBC", "ECDHE-ECDSA", "SHA1"),
            S(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", false, "AES-256-CBC", "ECDHE-RSA", "SHA1"),
            S(CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA, "TLS_RSA_WITH_AES_256_CBC_SHA", false, "AES-256-CBC", "RSA", "SHA1"),
            S(CipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", false, "AES-256-CBC", "DHE-RSA", "SHA1"),

            S(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", false, "AES-128-GCM", "ECDHE-ECDSA", "AEAD"),
            S(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", false, "AES-128-GCM", "ECDHE-RSA", "AEAD"),
            S(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, "TLS_RSA_WITH_AES_128_GCM_SHA256", false, "AES-128-GCM", "RSA", "AEAD"),
            S(CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", false, "AES-128-GCM", "DHE-RSA", "AEAD"),

            S(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", false, "AES-128-CCM", "ECDHE-ECDSA", "AEAD"),
            S(CipherSuite.TLS_RSA_WITH_AES_128_CCM, "TLS_RSA_WITH_AES_128_CCM", false, "AES-128-CCM", "RSA", "AEAD"),
            S(CipherSuite.TLS_DHE_RSA_WITH_AES_128_CCM, "TLS_DHE_RSA_WITH_AES_128_CCM", false, "AES-128-CCM", "DHE-RSA", "AEAD"),

            S(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", false, "AES-128-CBC", "ECDHE-ECDSA", "SHA1"),
            S(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", false, "AES-128-CBC", "ECDHE-RSA", "SHA1"),
            S(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, "TLS_RSA_WITH_AES_128_CBC_SHA", false, "AES-128-CBC", "RSA", "SHA1"),
            S(CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", false, "AES-128-CBC", "DHE-RSA", "SHA1"),
        };

        // GnuTLS names LibvirtPS never offers: removing them is a no-op, adding them is an error
        private static readonly HashSet<string> NeverOffered = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "VERS-TLS1.0", "VERS-TLS1.1", "VERS-SSL3.0", "VERS-DTLS1.0", "VERS-DTLS1.2", "VERS-DTLS0.9", "VERS-DTLS-ALL",
            "3DES-CBC", "ARCFOUR-128", "ARCFOUR-40", "ARCFOUR", "RC2-40", "DES-CBC", "NULL",
            "CAMELLIA-128-CBC", "CAMELLIA-192-CBC", "CAMELLIA-256-CBC", "CAMELLIA-128-GCM", "CAMELLIA-256-GCM",
            "AES-128-CCM-8", "AES-256-CCM-8", "GOST28147-TC26Z-CNT", "MAGMA-CTR-ACPKM", "KUZNYECHIK-CTR-ACPKM",
            "MD5", "SHA256", "SHA384", "UMAC-96", "UMAC-128", "GOST28147-TC26Z-IMIT", "STREEBOG-256", "STREEBOG-512",
            "RSA-PSK", "DHE-PSK", "ECDHE-PSK", "PSK", "SRP", "SRP-RSA", "SRP-DSS", "ANON-DH", "ANON-ECDH", "DHE-DSS",
            "RSA-EXPORT", "VKO-GOST-12", "CTYPE-OPENPGP", "CTYPE-RAWPK", "CTYPE-CLI-RAWPK", "CTYPE-SRV-RAWPK",
        };

        // what the engine always does: "+X" accepted as is, "-X" refused (it cannot be honoured)
        private static readonly HashSet<string> AlwaysOn = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "SIGN-ALL", "GROUP-ALL", "CURVE-ALL", "COMP-NULL", "COMP-ALL", "CTYPE-ALL", "CTYPE-X509", "CTYPE-X.509",
            "CTYPE-CLI-ALL", "CTYPE-SRV-ALL", "CTYPE-CLI-X509", "CTYPE-SRV-X509", "GROUP-DH-ALL", "GROUP-EC-ALL",
        };

        private static readonly HashSet<string> NoEffectFlags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "%SERVER_PRECEDENCE", "%COMPAT", "%NO_TICKETS", "%NO_TICKETS_TLS12", "%SAFE_RENEGOTIATION", "%PARTIAL_RENEGOTIATION",
            "%LATEST_RECORD_VERSION", "%SSL3_RECORD_VERSION", "%NO_SHUFFLE_EXTENSIONS", "%NO_STATUS_REQUEST", "%NO_SESSION_HASH",
        };

        private TlsPriority(string text, IReadOnlyList<string> versions, IReadOnlyList<TlsSuite> suites)
        {
            Text = text;
            Versions = versions;
            Suites = suites;
        }

        /// <summary>The priority string as given.</summary>
        public string Text { get; }

        /// <summary>"TLS1.3", "TLS1.2" in preference order.</summary>
        public IReadOnlyList<string> Versions { get; }

        /// <summary>The cipher suites offered, in order.</summary>
        public IReadOnlyList<TlsSuite> Suites { get; }

        internal ProtocolVersion[] ProtocolVersions =>
            Versions.Select(v => v == V13 ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12).ToArray();

        internal int[] CipherSuiteIds => Suites.Select(s => s.Id).ToArray();

        /// <summary>The IANA name of a suite id (the numeric form when LibvirtPS does not offer it).</summary>
        public static string SuiteName(int id) =>
            KnownSuites.FirstOrDefault(s => s.Id == id)?.Name ?? "0x" + id.ToString("X4");

        /// <summary>Parses a priority string; null or empty means libvirt's default <c>NORMAL</c>.</summary>
        /// <exception cref="LibvirtException">SystemError/Rpc with libvirt's "Failed to set TLS session priority" text.</exception>
        public static TlsPriority Parse(string? priority)
        {
            string text = string.IsNullOrEmpty(priority) ? Default : priority!;
            var tokens = text.Split(':');
            var versions = new List<string>();
            var ciphers = new List<string>();
            var kx = new List<string>();
            var macs = new List<string>();

            for (int i = 0; i < tokens.Length; i++)
            {
                string token = tokens[i].Trim();
                if (token.Length == 0) continue;
                if (i == 0 && ApplyKeyword(token, versions, ciphers, kx, macs)) continue;

                char op = token[0];
                if (op == '%')
                {
                    if (token.Equals("%NO_TLS1.3", StringComparison.OrdinalIgnoreCase) || token.Equals("%NO_TLS13", StringComparison.OrdinalIgnoreCase))
                    {
                        versions.Remove(V13);
                        continue;
                    }
                    if (NoEffectFlags.Contains(token)) continue;
                    throw Unsupported(text, token);
                }
                if (op != '+' && op != '-' && op != '!') throw Unsupported(text, token);
                bool add = op == '+';
                string name = token.Substring(1).ToUpperInvariant();

                if (name == "VERS-ALL" || name == "VERS-TLS-ALL") Apply(versions, add, V13, V12);
                else if (name == "VERS-TLS1.3") Apply(versions, add, V13);
                else if (name == "VERS-TLS1.2") Apply(versions, add, V12);
                else if (name == "CIPHER-ALL") Apply(ciphers, add, AllCiphers);
                else if (Array.IndexOf(AllCiphers, name) >= 0) Apply(ciphers, add, name);
                else if (name == "KX-ALL") Apply(kx, add, AllKx);
                else if (Array.IndexOf(AllKx, name) >= 0) Apply(kx, add, name);
                else if (name == "MAC-ALL") Apply(macs, add, AllMacs);
                else if (Array.IndexOf(AllMacs, name) >= 0) Apply(macs, add, name);
                else if (NeverOffered.Contains(name) && !add) { /* never offered anyway */ }
                else if (AlwaysOn.Contains(name) && add) { /* the engine does this */ }
                else throw Unsupported(text, token);
            }

            // TLS 1.3 first (both engines prefer it), then TLS 1.2 in cipher-then-key-exchange order
            versions.Sort((a, b) => string.CompareOrdinal(b, a));
            var suites = new List<TlsSuite>();
            if (versions.Contains(V13) && macs.Contains("AEAD"))
            {
                foreach (var c in ciphers)
                    suites.AddRange(KnownSuites.Where(s => s.IsTls13 && s.Cipher == c));
            }
            if (versions.Contains(V12))
            {
                foreach (var c in ciphers)
                    foreach (var k in kx)
                        suites.AddRange(KnownSuites.Where(s => !s.IsTls13 && s.Cipher == c && s.KeyExchange == k && macs.Contains(s.Mac)));
            }
            if (versions.Count == 0 || suites.Count == 0)
            {
                throw new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc,
                    "Failed to set TLS session priority to " + text + ": No or insufficient priorities were set.")
                {
                    Hint = "The priority string leaves no TLS version or no cipher suite. Start from NORMAL, e.g. NORMAL:-VERS-ALL:+VERS-TLS1.2.",
                };
            }
            return new TlsPriority(text, versions, suites);
        }

        private static bool ApplyKeyword(string token, List<string> versions, List<string> ciphers, List<string> kx, List<string> macs)
        {
            switch (token.ToUpperInvariant())
            {
                case "NONE":
                    return true;
                case "NORMAL":
                case "SECURE128":
                case "SECURE":
                    versions.AddRange(new[] { V13, V12 });
                    ciphers.AddRange(AllCiphers);
                    kx.AddRange(AllKx);
                    macs.AddRange(AllMacs);
                    return true;
                case "PERFORMANCE":
                    versions.AddRange(new[] { V13, V12 });
                    ciphers.AddRange(PerformanceCiphers);
                    kx.AddRange(AllKx);
                    macs.AddRange(AllMacs);
                    return true;
                case "PFS":
                    versions.AddRange(new[] { V13, V12 });
                    ciphers.AddRange(AllCiphers);
                    kx.AddRange(PfsKx);
                    macs.AddRange(AllMacs);
                    return true;
                case "SECURE192":
                case "SECURE256":
                    versions.AddRange(new[] { V13, V12 });
                    ciphers.AddRange(Secure256Ciphers);
                    kx.AddRange(AllKx);
                    macs.AddRange(AllMacs);
                    return true;
                default:
                    return false;
            }
        }

        private static void Apply(List<string> list, bool add, params string[] names)
        {
            foreach (var n in names)
            {
                if (add) { if (!list.Contains(n)) list.Add(n); }
                else list.Remove(n);
            }
        }

        private static LibvirtException Unsupported(string text, string token) =>
            new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc,
                "Failed to set TLS session priority to " + text + ": the token '" + token + "' is not supported by LibvirtPS")
            {
                Hint = "LibvirtPS maps NORMAL, PERFORMANCE, SECURE128, SECURE192, SECURE256, PFS and NONE with +/- versions (VERS-TLS1.2, VERS-TLS1.3, VERS-ALL), " +
                       "ciphers (AES-128-GCM, AES-256-GCM, CHACHA20-POLY1305, AES-128/256-CCM, AES-128/256-CBC, CIPHER-ALL), key exchanges " +
                       "(ECDHE-RSA, ECDHE-ECDSA, DHE-RSA, RSA, KX-ALL), MACs (AEAD, SHA1, MAC-ALL) and %NO_TLS1.3; it speaks TLS 1.2 and 1.3 only.",
            };

        private static TlsSuite S(int id, string name, bool tls13, string cipher, string kx, string mac) => new TlsSuite(id, name, tls13, cipher, kx, mac);
    }
}
