// AUTH_POLKIT against a real libvirtd 9.0 that asks a real polkitd (PolkitDaemonFixture: auth_unix_rw and
// auth_unix_ro = "polkit", a private D-Bus system bus, polkit rules the fixture writes), compared with virsh run
// as the same user on the same URI. The LibvirtPS client is PolkitClientProbe in a process of its own, since the
// decision is about the connecting process's uid and the test process is root.
//
//   AllowedUser (nobody): rw socket -> rule YES; ro socket -> policy default yes. Both list like virsh.
//   DeniedUser (daemon):  rw socket -> rule NO: "access denied by policy";
//                         ro socket -> rule AUTH_ADMIN and no agent: "no polkit agent available ...".
//   root: libvirtd skips polkit (AUTH_LIST says none); asking for auth=polkit is then refused by the client.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class PolkitIntegrationTests : IClassFixture<PolkitDaemonFixture>
    {
        private const string OfferPolkit = "authentication: daemon offers Polkit, using Polkit";
        private const string PolkitDone = "PolicyKit authentication complete";

        private readonly PolkitDaemonFixture _fx;
        private readonly ITestOutputHelper _out;

        public PolkitIntegrationTests(PolkitDaemonFixture fixture, ITestOutputHelper output)
        {
            _fx = fixture;
            _out = output;
        }

        private void SkipIfUnavailable() => Skip.If(_fx.UnavailableReason != null, _fx.UnavailableReason);

        private string Uri(bool readOnly) => readOnly ? _fx.UnixReadOnlyUri : _fx.UnixUri;

        /// <summary>The rows of <c>virsh list --all</c> as "id|name|state" (the header and the dashes dropped).</summary>
        private static List<string> VirshRows(ProcessResult virsh) =>
            virsh.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Skip(2)
                .Select(l => string.Join("|", Regex.Split(l, @"\s{2,}"))).ToList();

        /// <summary>The probe's domain lines ("id\tname\tstate") as "id|name|state".</summary>
        private static List<string> ProbeRows(ProcessResult probe) => probe.Lines.Select(l => l.Replace('\t', '|')).ToList();

        private static List<string> ProbeTrace(ProcessResult probe) =>
            probe.Stderr.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("trace: ", StringComparison.Ordinal))
                .Select(l => l.Substring("trace: ".Length)).ToList();

        private void Show(string what, ProcessResult r) => _out.WriteLine(what + ": " + r);

        [SkippableTheory]
        [InlineData(false)]
        [InlineData(true)]
        public void Authorized_user_connects_and_lists_like_virsh(bool readOnly)
        {
            SkipIfUnavailable();
            string uri = Uri(readOnly);
            var virsh = _fx.RunVirshAs(PolkitDaemonFixture.AllowedUser, uri, readOnly, "list", "--all");
            Show("virsh", virsh);
            Assert.True(virsh.ExitCode == 0, "virsh as " + PolkitDaemonFixture.AllowedUser + ": " + virsh + "\n" + _fx.LibvirtdLogTail());

            var probe = _fx.RunProbeAs(PolkitDaemonFixture.AllowedUser, uri, readOnly);
            Show("LibvirtPS", probe);
            Assert.True(probe.ExitCode == 0, "LibvirtPS as " + PolkitDaemonFixture.AllowedUser + ": " + probe + "\n" + _fx.LibvirtdLogTail());

            var trace = ProbeTrace(probe);
            Assert.Contains(OfferPolkit, trace);
            Assert.Contains(PolkitDone, trace);
            var rows = VirshRows(virsh);
            Assert.NotEmpty(rows); // test:///default always has its running domain "test"
            Assert.Equal(rows, ProbeRows(probe));
        }

        /// <summary>How many refusals libvirtd has logged (virPolkitCheckAuth reports each at error level).</summary>
        private int Refusals() => _fx.LibvirtdLogLines().Count(l => l.Contains("virPolkitCheckAuth", StringComparison.Ordinal));

        // virsh (virshConnect) asks again, up to 5 times in all, when polkit says AUTH_FAILED on a read-write open: an
        // agent's password prompt may have been mistyped. On AUTH_UNAVAILABLE it would start pkttyagent on a terminal
        // and ask once more; here stdin is no terminal, so it gives up. Read-only opens are never retried. LibvirtPS
        // has no polkit agent and asks once; the error the user sees is the same.
        [SkippableTheory]
        [InlineData(false, LibvirtErrorCode.AuthFailed, "authentication failed: access denied by policy", 5)]
        [InlineData(true, LibvirtErrorCode.AuthUnavailable,
            "authentication unavailable: no polkit agent available to authenticate action 'org.libvirt.unix.monitor'", 1)]
        public void Refused_user_gets_the_daemons_error_like_virsh(bool readOnly, LibvirtErrorCode code, string message, int virshAttempts)
        {
            SkipIfUnavailable();
            string uri = Uri(readOnly);
            int before = Refusals();
            var virsh = _fx.RunVirshAs(PolkitDaemonFixture.DeniedUser, uri, readOnly, "list", "--all");
            Show("virsh", virsh);
            Assert.Equal(1, virsh.ExitCode);
            Assert.Equal(new[] { "failed to connect to the hypervisor", message }, virsh.ErrorLines);
            int afterVirsh = Refusals();
            Assert.Equal(virshAttempts, afterVirsh - before);

            var probe = _fx.RunProbeAs(PolkitDaemonFixture.DeniedUser, uri, readOnly);
            Show("LibvirtPS", probe);
            Assert.Equal(1, probe.ExitCode);
            Assert.Equal(1, Refusals() - afterVirsh);
            Assert.Equal(new[] { virsh.ErrorLines[1] }, probe.ErrorLines);
            var stderr = probe.Stderr.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Assert.Contains("code: " + code, stderr);
            Assert.Contains("domain: " + LibvirtErrorDomain.Polkit, stderr); // the daemon's virPolkitCheckAuth error, passed on as is
            Assert.Empty(probe.Lines); // no domains listed
            var trace = ProbeTrace(probe);
            Assert.Contains(OfferPolkit, trace);
            Assert.DoesNotContain(PolkitDone, trace);
            Assert.DoesNotContain(trace, l => l.StartsWith("CONNECT_OPEN", StringComparison.Ordinal));
        }

        [SkippableFact]
        public void Root_is_let_through_without_polkit_like_virsh()
        {
            SkipIfUnavailable();
            var virsh = _fx.RunVirshAs("root", _fx.UnixUri, false, "list", "--all");
            Show("virsh", virsh);
            Assert.True(virsh.ExitCode == 0, "virsh as root: " + virsh);
            var probe = _fx.RunProbeAs("root", _fx.UnixUri, false);
            Show("LibvirtPS", probe);
            Assert.True(probe.ExitCode == 0, "LibvirtPS as root: " + probe);
            var trace = ProbeTrace(probe);
            Assert.Contains("authentication: daemon offers None, using None", trace);
            Assert.DoesNotContain(trace, l => l.Contains("AUTH_POLKIT", StringComparison.Ordinal));
            Assert.Equal(VirshRows(virsh), ProbeRows(probe));
        }

        [SkippableFact]
        public void Root_asking_for_polkit_is_refused_like_virsh()
        {
            SkipIfUnavailable();
            string uri = _fx.UnixUri + "&auth=polkit";
            var virsh = _fx.RunVirshAs("root", uri, false, "list", "--all");
            Show("virsh", virsh);
            Assert.Equal(new[] { "failed to connect to the hypervisor", "authentication failed: requested authentication type polkit rejected" },
                virsh.ErrorLines);
            var probe = _fx.RunProbeAs("root", uri, false);
            Show("LibvirtPS", probe);
            Assert.Equal(1, probe.ExitCode);
            Assert.Equal(new[] { virsh.ErrorLines[1] }, probe.ErrorLines);
            Assert.Contains("code: " + LibvirtErrorCode.AuthFailed, probe.Stderr.Split('\n').Select(l => l.TrimEnd('\r')));
        }
    }
}
