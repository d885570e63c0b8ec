// Corpus of connection URIs for differential tests against libvirt 9.0 (see VirshOracle and
// observed-virsh-9.0.txt next to this file, which holds what virsh did with each entry).
//
// Safety rules every entry follows (so running the corpus through virsh never leaves the machine):
//   * ssh-family (+ssh) and +ext URIs carry command={FAKESSH} (the oracle's recording fake; hostnames in them
//     only ever reach that script);
//   * tls (explicit or implied by a host without transport) uses 127.0.0.1/::1 and pkipath={EMPTYPKI}, so libvirt
//     fails with "Cannot read CA certificate" before any network I/O;
//   * tcp, libssh and libssh2 use 127.0.0.1/::1/localhost on the closed port 1.

using System;
using System.Collections.Generic;
using System.Linq;

namespace LibvirtPS.Core.Tests.Oracles
{
    public static class UriCorpus
    {
        /// <summary>Placeholder for <see cref="VirshOracle.FakeSshUriValue"/>.</summary>
        public const string FakeSsh = "{FAKESSH}";

        /// <summary>Placeholder for <see cref="VirshOracle.EmptyPkiDirUriValue"/>.</summary>
        public const string EmptyPki = "{EMPTYPKI}";

        private const string F = "command=" + FakeSsh;
        private const string P = "pkipath=" + EmptyPki;

        /// <summary>Corpus entries with placeholders (stable text, used in observed-virsh-9.0.txt).</summary>
        public static IReadOnlyList<(string Template, bool ReadOnly)> Templates { get; } = new List<(string, bool)>
        {
            // ---- no transport, no host -> unix; socket selection (§3) ----
            ("qemu:///system", false),
            ("qemu:///system", true),
            ("qemu:///session", false),
            ("qemu+unix:///system", false),
            ("qemu+unix:///system", true),
            ("qemu:///system?mode=legacy", false),
            ("qemu:///system?mode=direct", false),
            ("qemu:///system?mode=direct", true),
            ("qemu:///system?mode=auto", false),
            ("qemu:///system?mode=bogus", false),
            ("qemu+unix:///system?socket=/nonexistent/libvirtps%20test.sock", false),
            ("qemu+unix:///system?SOCKET=/nonexistent/upper.sock", false),
            ("qemu+unix://example.com/system", false),
            ("test:///default", false),
            ("test+unix:///default", false),
            ("remote:///", false),
            ("remote:///system", false),
            ("", false),
            ("xen", false),
            ("Xen", false),
            ("xen://", false),
            ("Qemu:///system", false),
            ("QEMU+UNIX:///system", false),

            // ---- name computation (§1.7): path, fragment, query re-encoding ----
            ("qemu://", false),
            ("qemu:///", false),
            ("qemu:///system#frag", false),
            ("qemu:///my%20path", false),
            ("qemu:///sys%2Ftem", false),
            ("qemu:system", false),
            ("qemu:///system?name=qemu:///session", false),
            ("qemu:///system?Name=override", false),
            ("qemu:///system?name=", false),
            ("qemu:///system?foo=one;foo=two", false),
            ("qemu:///system?foo=a;b&c=d", false),
            ("qemu:///system?a=1&&b", false),
            ("qemu:///system?=value&x", false),
            ("qemu:///system?empty=&x=a%2Bb&y=a+b&v=it's", false),
            ("qemu:///system?a=%41%42&u=%C3%A9", false),

            // ---- consumed parameters on a unix URI (stripped from the name, or fatal) ----
            ("qemu:///system?auth=polkit&authfile=/nonexistent/auth.conf&foo=bar", false),
            ("qemu:///system?no_sanity=1&pkipath=/x&tls_priority=NORMAL&known_hosts=/k&sshauth=agent&keyfile=/k&netcat=nc&no_verify=1&no_tty=1", false),
            ("qemu:///system?" + F, false),
            ("qemu:///system?no_tty=abc", false),
            ("qemu:///system?proxy=bogus", false),

            // ---- malformed / special ----
            ("qemu:///sys tem", false),
            ("qemu:///%zz", false),
            ("qemu+tcp://127.0.0.1:/system", false),
            ("qemu://system", false),
            ("qemu://system/", false),
            ("qemu://session/foo", false),
            ("hail", false),
            ("hail?x=1", false),
            ("/var/run/libvirt/libvirt-sock", false),
            ("qemu+foo:///x", false),
            ("qemu+foo://127.0.0.1/x", false),
            ("qemu+:///system", false),

            // ---- tcp (closed port) ----
            ("qemu+tcp://127.0.0.1:1/system", false),
            ("qemu+tcp://127.0.0.1:1/system", true),
            ("qemu+tcp://[::1]:1/system", false),
            ("qemu+tcp://localhost:1/system?auth=sasl&foo=bar", false),
            ("test+tcp://127.0.0.1:1/default", false),
            ("qemu+TCP://127.0.0.1:1/system", false),

            // ---- tls (CA missing -> fails before network) ----
            ("qemu+tls://127.0.0.1/system?" + P, false),
            ("qemu+tls://127.0.0.1:1/system?" + P + "&no_verify=1&no_sanity=1&tls_priority=NORMAL", false),
            ("qemu://127.0.0.1/system?" + P, false),
            ("qemu://127.0.0.1:0/system?" + P, false),
            ("qemu+tls://[::1]:1/system?" + P, false),
            ("qemu+tls://127.0.0.1/system?" + P + "&no_verify=yes", false),
            ("qemu://127.0.0.1/system", false),

            // ---- ssh (OpenSSH binary = fake) (§4.1-4.4) ----
            ("qemu+ssh://fred@example.com:2222/system?" + F, false),
            ("qemu+ssh://fred@example.com:2222/system?" + F, true),
            ("qemu+ssh://example.com/system?" + F + "&keyfile=/root/.ssh/k%20ey&no_verify=1&no_tty=1", false),
            ("qemu+ssh://example.com/system?" + F + "&no_tty=0&no_verify=0", false),
            ("qemu+ssh://example.com/system?" + F + "&no_tty=x", false),
            ("qemu+ssh://example.com/system?" + F + "&socket=/custom/sock", false),
            ("qemu+ssh://example.com/system?" + F + "&netcat=/usr/bin/nc", false),
            ("qemu+ssh://example.com/system?" + F + "&netcat=n%20c", false),
            ("qemu+ssh://example.com/system?" + F + "&proxy=native", false),
            ("qemu+ssh://example.com/system?" + F + "&proxy=native", true),
            ("qemu+ssh://example.com/system?" + F + "&proxy=netcat", false),
            ("qemu+ssh://example.com/system?" + F + "&proxy=auto", false),
            ("qemu+ssh://example.com/system?" + F + "&proxy=native&netcat=nc", false),
            ("qemu+ssh://example.com/system?" + F + "&proxy=bogus", false),
            ("qemu+ssh://example.com/system?" + F + "&mode=direct", false),
            ("qemu+ssh://example.com/system?" + F + "&mode=legacy", false),
            ("qemu+ssh://example.com/system?" + F + "&mode=auto&socket=/s", false),
            ("qemu+ssh://[::1]:22/system?" + F, false),
            ("qemu+ssh://u%40x@example.com/system?" + F, false),
            ("qemu+ssh://foo:pass@example.com/system?" + F, false),
            ("qemu+ssh://example.com:0/system?" + F, false),
            ("qemu+ssh://example.com:99999/system?" + F, false),
            ("qemu+ssh://example.com?" + F, false),
            ("qemu+ssh://example.com/?" + F, false),
            ("qemu+ssh://example.com/system?" + F + "#frag", false),
            ("qemu+ssh://example.com/my%20path?" + F, false),
            ("qemu+ssh://example.com/system?" + F + "&foo=bar%20baz&x=a%2Bb&y&=z&ssh=1&keyfile=/k", false),
            ("qemu+ssh://example.com/system?" + F + "&foo=bar%20baz&Name=override", false),
            ("qemu+ssh://example.com/system?" + F + ";foo=bar", false),
            ("qemu+ssh://example.com/system?" + F + "&auth=sasl&authfile=/x&sshauth=agent&known_hosts=/x&pkipath=/p&tls_priority=NORMAL&no_sanity=1", false),
            ("qemu+ssh:///system?" + F, false),
            ("remote+ssh://example.com/?" + F, false),
            ("test+ssh://example.com/default?" + F, false),
            ("QEMU+SSH://example.com/system?" + F, false),
            ("qemu+ssh://example.com/system?COMMAND=" + FakeSsh, false),

            // ---- libssh / libssh2 (in-process; closed loopback port) (§4.7) ----
            ("qemu+libssh://127.0.0.1:1/system", false),
            ("qemu+libssh2://127.0.0.1:1/system", false),
            ("qemu+libssh://fred@127.0.0.1:1/system?sshauth=agent&known_hosts=/nonexistent/kh&keyfile=/nonexistent/k", false),
            ("qemu+libssh://127.0.0.1:1/system?sshauth=bogus", false),
            ("qemu+libssh2://127.0.0.1:1/system?known_hosts_verify=bogus", false),
            ("qemu+libssh://127.0.0.1:1/system?mode=direct", false),
            ("qemu+LibSSH2://[::1]:1/system?no_tty=1&no_verify=1", false),

            // ---- ext ----
            ("qemu+ext:///system?" + F, false),
            ("qemu+ext:///system", false),
            ("qemu+ext://example.com/system?" + F + "&foo=bar", false),
            ("remote+ext:///?" + F, false),
        };

        /// <summary>Replaces the placeholders by the oracle's real (percent-encoded) paths.</summary>
        public static string Expand(string template) =>
            template.Replace(FakeSsh, VirshOracle.FakeSshUriValue, StringComparison.Ordinal)
                    .Replace(EmptyPki, VirshOracle.EmptyPkiDirUriValue, StringComparison.Ordinal);

        /// <summary>Inverse of <see cref="Expand"/> for display (also on decoded paths inside names, argv and errors).</summary>
        public static string Collapse(string text) =>
            text.Replace(VirshOracle.FakeSshUriValue, FakeSsh, StringComparison.Ordinal)
                .Replace(VirshOracle.FakeSshPath, FakeSsh, StringComparison.Ordinal)
                .Replace(VirshOracle.EmptyPkiDirUriValue, EmptyPki, StringComparison.Ordinal)
                .Replace(VirshOracle.EmptyPkiDir, EmptyPki, StringComparison.Ordinal);

        /// <summary>xunit MemberData: { string uri (expanded), bool readOnly }.</summary>
        public static IEnumerable<object[]> Uris =>
            Templates.Select(t => new object[] { Expand(t.Template), t.ReadOnly });

        /// <summary>xunit MemberData with the placeholder form: { string template, bool readOnly } (stable test names).</summary>
        public static IEnumerable<object[]> UriTemplates =>
            Templates.Select(t => new object[] { t.Template, t.ReadOnly });
    }
}
