using System;
using System.Collections.Generic;
using System.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// The client mechanisms LibvirtPS has, by IANA name, and the choice Cyrus' sasl_client_start makes from the
    /// daemon's list: among the mechanisms both sides have and the security properties allow, the strongest
    /// (SCRAM-SHA-256 &gt; SCRAM-SHA-1 &gt; GSSAPI &gt; DIGEST-MD5 &gt; PLAIN). On a channel that is not secure
    /// (plain tcp, ext: min SSF 56, NOPLAINTEXT) only mechanisms with a security layer of at least 56 bits qualify.
    /// EXTERNAL is not offered: libvirt never gives Cyrus an external authentication id, so Cyrus never picks it.
    /// </summary>
    public sealed class SaslMechanisms
    {
        private readonly List<Entry> _entries = new List<Entry>();

        /// <summary>One registered mechanism: its name, choice rank (higher wins), whether it sends the password in clear.</summary>
        public sealed class Entry
        {
            internal Entry(string name, int rank, bool plaintext, Func<ISaslMechanism> factory)
            {
                Name = name;
                Rank = rank;
                Plaintext = plaintext;
                Factory = factory;
            }

            public string Name { get; }
            public int Rank { get; }
            public bool Plaintext { get; }
            public Func<ISaslMechanism> Factory { get; }

            /// <summary>The strongest security layer the mechanism can give (from a fresh instance).</summary>
            public int MaxSsf => Factory().MaxSsf;
        }

        /// <summary>The mechanisms of this build.</summary>
        public static SaslMechanisms Default { get; } = CreateDefault();

        private static SaslMechanisms CreateDefault()
        {
            var r = new SaslMechanisms();
            r.Register("SCRAM-SHA-256", 50, false, () => new ScramMechanism("SCRAM-SHA-256"));
            r.Register("SCRAM-SHA-1", 40, false, () => new ScramMechanism("SCRAM-SHA-1"));
            r.Register("GSSAPI", 35, false, () => new GssapiMechanism());
            // DIGEST-MD5 brings the auth-int/auth-conf security layer plain tcp needs (SSF >= 56)
            r.Register("DIGEST-MD5", 30, false, () => new DigestMd5Mechanism());
            r.Register("PLAIN", 10, true, () => new PlainMechanism());
            return r;
        }

        /// <summary>Adds (or replaces) a mechanism.</summary>
        public void Register(string name, int rank, bool plaintext, Func<ISaslMechanism> factory)
        {
            _entries.RemoveAll(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
            _entries.Add(new Entry(name, rank, plaintext, factory));
        }

        public IReadOnlyList<Entry> Entries => _entries;

        /// <summary>The entry for a name (case-insensitive, as Cyrus compares mechanism names), or null.</summary>
        public Entry? Find(string name) =>
            _entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The names in a server's list (comma or space separated).</summary>
        public static IReadOnlyList<string> Split(string mechlist) =>
            (mechlist ?? "").Split(new[] { ',', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>
        /// libvirt's choice: with <paramref name="wanted"/> (auth=sasl.MECH) the name must occur in the server's list as a
        /// substring (libvirt's strstr; else <c>SASL mechanism MECH not supported by server</c>) and only it is tried;
        /// otherwise the whole list. Of those, the strongest acceptable one; none → Cyrus' SASL_NOMECH error.
        /// </summary>
        public Entry Choose(string mechlist, string? wanted, int minSsf)
        {
            IReadOnlyList<string> candidates;
            if (wanted != null)
            {
                if ((mechlist ?? "").IndexOf(wanted, StringComparison.Ordinal) < 0)
                {
                    throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote,
                        "SASL mechanism " + wanted + " not supported by server")
                    {
                        Hint = "The daemon offers " + Describe(mechlist) + (minSsf > 0 ? " (on plain tcp it only lists mechanisms with a security layer)" : "") + ".",
                    };
                }
                candidates = new[] { wanted };
            }
            else
            {
                candidates = Split(mechlist!);
            }

            Entry? best = null;
            foreach (var name in candidates)
            {
                var e = Find(name);
                if (e == null || !Acceptable(e, minSsf)) continue;
                if (best == null || e.Rank > best.Rank) best = e;
            }
            if (best != null) return best;

            throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc,
                "Failed to start SASL negotiation: " + SaslMechanismException.NoMech + " (" +
                SaslMechanismException.Format(SaslMechanismException.NoMech, "No worthy mechs found") + ")")
            {
                Hint = "The daemon offers " + Describe(mechlist) + "; LibvirtPS has " + string.Join(", ", _entries.Select(x => x.Name)) +
                       (minSsf > 0 ? "; on a channel without TLS only mechanisms with a security layer (DIGEST-MD5, GSSAPI) qualify" : "") + ".",
            };
        }

        /// <summary>Cyrus' security property filter: min SSF (plain tcp: 56) and NOPLAINTEXT when not secure.</summary>
        public static bool Acceptable(Entry e, int minSsf)
        {
            if (minSsf <= 0) return true;
            return !e.Plaintext && e.MaxSsf >= minSsf;
        }

        private static string Describe(string? mechlist) => string.IsNullOrEmpty(mechlist) ? "no mechanisms" : "'" + mechlist + "'";
    }
}
