// Sanity tests of the virsh oracle itself (not of LibvirtPS). They need virsh on PATH; otherwise they are skipped.
// Regenerate observed-virsh-9.0.txt with:
//   LIBVIRTPS_WRITE_VIRSH_OBSERVATIONS=1 dotnet test tests/LibvirtPS.Core.Tests --filter FullyQualifiedName~Oracles

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace LibvirtPS.Core.Tests.Oracles
{
    public class VirshOracleTests
    {
        private const string WriteEnvVar = "LIBVIRTPS_WRITE_VIRSH_OBSERVATIONS";
        private const string ObservedFileName = "observed-virsh-9.0.txt";

        private static void SkipIfUnavailable() =>
            Skip.If(VirshOracle.UnavailableReason != null, VirshOracle.UnavailableReason);

        private static string Fake => VirshOracle.FakeSshUriValue;

        [SkippableFact]
        public void Oracle_FindsVirsh_AndWritesFakeSsh()
        {
            SkipIfUnavailable();
            Assert.False(string.IsNullOrWhiteSpace(VirshOracle.VirshVersion));
            Assert.True(File.Exists(VirshOracle.FakeSshPath));
            Assert.True(Directory.Exists(VirshOracle.EmptyPkiDir));
            Assert.Empty(Directory.GetFileSystemEntries(VirshOracle.EmptyPkiDir));
        }

        [SkippableFact]
        public void Ssh_RecordsArgv_AndName()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe($"qemu+ssh://fred@example.com:2222/system?command={Fake}");
            Assert.False(o.TimedOut);
            Assert.Equal("qemu:///system", o.NameSent);
            Assert.NotNull(o.SshArgv);
            Assert.Equal(new[] { "-p", "2222", "-l", "fred", "-T", "-e", "none", "--", "example.com" }, o.SshArgv!.Take(9));
            Assert.Equal(10, o.SshArgv!.Count);
            Assert.StartsWith("sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper 'qemu:///system'; else", o.SshArgv[9]);
            Assert.EndsWith("-U /var/run/libvirt/libvirt-sock; fi'", o.SshArgv[9]);
            Assert.Equal(1, o.ExitCode);
            Assert.NotNull(o.Error);
            Assert.Contains(VirshOracle.FakeSshMarker, o.Error);
            Assert.Equal("ssh", o.Transport);
            Assert.Equal(0, o.RemoteOpenFlags);
            Assert.Equal(new VirshUriComponents("qemu+ssh", "example.com", "fred", 2222, "/system"), o.Components);
        }

        [SkippableFact]
        public void Ssh_KeyfileWithSpace_IsOneArgvElement()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe($"qemu+ssh://example.com/system?command={Fake}&keyfile=/root/.ssh/k%20ey&no_verify=1&no_tty=1");
            Assert.Equal(new[] { "-i", "/root/.ssh/k ey", "-T", "-e", "none", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "--", "example.com" },
                o.SshArgv!.Take(11));
        }

        [SkippableFact]
        public void Ssh_ReadOnly_UsesRoSocketAndHelperFlag()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe($"qemu+ssh://example.com/system?command={Fake}", readOnly: true);
            Assert.Contains("virt-ssh-helper -r 'qemu:///system'", o.SshArgv!.Last());
            Assert.EndsWith("-U /var/run/libvirt/libvirt-sock-ro; fi'", o.SshArgv!.Last());
            Assert.Equal(1, o.RemoteOpenFlags);
        }

        [SkippableFact]
        public void Ssh_WithoutCommand_OnlyReachesFakeFromPath()
        {
            SkipIfUnavailable();
            // Safety net: the oracle's PATH starts with a fake "ssh".
            var o = VirshOracle.Observe("qemu+ssh://example.com/system");
            Assert.NotNull(o.SshArgv);
            Assert.Contains(VirshOracle.FakeSshMarker, o.Error);
        }

        [SkippableFact]
        public void Ext_RunsCommandWithoutArguments()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe($"qemu+ext:///system?command={Fake}");
            Assert.NotNull(o.SshArgv);
            Assert.Empty(o.SshArgv!);
            Assert.Equal("qemu:///system", o.NameSent);
            Assert.Equal("ext", o.Transport);
            Assert.Contains(VirshOracle.FakeSshMarker, o.Error);
        }

        [SkippableFact]
        public void Ext_WithoutCommand_IsRejected()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe("qemu+ext:///system");
            Assert.Null(o.SshArgv);
            Assert.Equal("invalid argument: remote_open: for 'ext' transport, command is required", o.Error);
        }

        [SkippableFact]
        public void Unix_DefaultSystemSocket()
        {
            SkipIfUnavailable();
            Skip.If(VirshOracle.SystemDaemonSocketPresent, "a libvirt daemon listens on /var/run/libvirt/libvirt-sock");
            var o = VirshOracle.Observe("qemu:///system");
            Assert.Equal("/var/run/libvirt/libvirt-sock", o.SocketTried);
            Assert.Equal("Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory", o.Error);
            Assert.Equal("qemu:///system", o.NameSent);
            Assert.Equal("unix", o.Transport);
            Assert.Null(o.SshArgv);
            Assert.Equal(1, o.ExitCode);
        }

        [SkippableFact]
        public void Unix_ReadOnly_UsesRoSocket()
        {
            SkipIfUnavailable();
            Skip.If(VirshOracle.SystemDaemonSocketPresent, "a libvirt daemon listens on /var/run/libvirt/libvirt-sock");
            Skip.If(!IsRoot, "socket paths differ for non-root users");
            var o = VirshOracle.Observe("qemu:///system", readOnly: true);
            Assert.Equal("/var/run/libvirt/libvirt-sock-ro", o.SocketTried);
        }

        [SkippableFact]
        public void UnknownTransport_IsRejected()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe("qemu+foo:///x");
            Assert.Equal("invalid argument: remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)", o.Error);
            Assert.Equal("remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)", o.ErrorMessage);
            Assert.Null(o.NameSent);
            Assert.Null(o.SshArgv);
        }

        [SkippableFact]
        public void MalformedUri_IsAParseError()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe("qemu:///%zz");
            Assert.Equal("internal error: Unable to parse URI qemu:///%zz", o.Error);
            Assert.Null(o.NameSent);
            Assert.Null(o.Components);
        }

        [SkippableFact]
        public void MissingSlash_IsReported()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe("qemu://system");
            Assert.Equal("internal error: invalid URI qemu://system (maybe you want qemu:///system)", o.Error);
        }

        [SkippableFact]
        public void TestDriver_IsServedInProcess()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe("test:///default");
            Assert.Equal(0, o.ExitCode);
            Assert.Null(o.Error);
            Assert.Equal("test:///default", o.ConnectedUri);
            Assert.Null(o.NameSent);
        }

        [SkippableFact]
        public void Tls_EmptyPkiPath_FailsBeforeNetwork()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe($"qemu+tls://127.0.0.1/system?pkipath={VirshOracle.EmptyPkiDirUriValue}");
            Assert.Equal($"Cannot read CA certificate '{VirshOracle.EmptyPkiDir}/cacert.pem': No such file or directory", o.Error);
            Assert.Equal("qemu:///system", o.NameSent);
            Assert.Equal("tls", o.Transport);
        }

        [SkippableFact]
        public void Tcp_ClosedPort_IsRefused()
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe("qemu+tcp://127.0.0.1:1/system");
            Assert.Equal("unable to connect to server at '127.0.0.1:1': Connection refused", o.Error);
            Assert.Equal("tcp", o.Transport);
        }

        [Fact]
        public void Guard_RefusesNonLoopbackNetworkHosts()
        {
            Assert.Equal("example.com", VirshOracle.FindUnsafeNetworkHost("qemu+tcp://example.com/system"));
            Assert.Equal("example.com", VirshOracle.FindUnsafeNetworkHost("qemu://example.com/system"));
            Assert.Equal("10.0.0.1", VirshOracle.FindUnsafeNetworkHost("qemu+LIBSSH://u@10.0.0.1:1/system"));
            Assert.Equal("fe80::1", VirshOracle.FindUnsafeNetworkHost("qemu+tls://[fe80::1]/system"));
            Assert.Null(VirshOracle.FindUnsafeNetworkHost("qemu+tcp://127.0.0.1:1/system"));
            Assert.Null(VirshOracle.FindUnsafeNetworkHost("qemu+tcp://[::1]:1/system"));
            Assert.Null(VirshOracle.FindUnsafeNetworkHost("qemu+ssh://example.com/system"));
            Assert.Null(VirshOracle.FindUnsafeNetworkHost("qemu://system"));
            Assert.Null(VirshOracle.FindUnsafeNetworkHost("qemu:///system"));
        }

        [Fact]
        public void Parsing_ErrorsAndLog()
        {
            const string stderr = "error: failed to connect to the hypervisor\nerror: Cannot recv data: line one\nline two: Connection reset by peer\n";
            Assert.Equal("Cannot recv data: line one\nline two: Connection reset by peer", VirshOracle.ParseVirshErrors(stderr));
            Assert.Equal("failed to connect to the hypervisor", VirshOracle.ParseVirshErrors("error: failed to connect to the hypervisor\n"));
            Assert.Null(VirshOracle.ParseVirshErrors(""));

            const string log =
                "2026-01-01 00:00:00.000+0000: 12: debug : virConnectOpenInternal:958 : Split \"qemu+ssh://h/x\" to URI components:\n" +
                "  scheme qemu+ssh\n  server h\n  user <null>\n  port 0\n  path /x\n" +
                "2026-01-01 00:00:00.000+0000: 12: debug : doRemoteOpen:924 : proceeding with name = a\nb\n" +
                "2026-01-01 00:00:00.000+0000: 12: debug : doRemoteOpen:933 : Connecting with transport 2\n" +
                "2026-01-01 00:00:00.000+0000: 12: debug : doRemoteOpen:957 : Chosen UNIX socket <null>\n";
            var o = VirshOracle.BuildObservation("u", false, 1, "", "error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/a b': No such file or directory\n", log, null);
            Assert.Equal("a\nb", o.NameSent);
            Assert.Equal("ssh", o.Transport);
            Assert.Null(o.ChosenSocket);
            Assert.Equal("/a b", o.SocketTried);
            Assert.Equal(new VirshUriComponents("qemu+ssh", "h", null, 0, "/x"), o.Components);

            var empty = VirshOracle.BuildObservation("u", false, 1, "", "", "2026-01-01 00:00:00.000+0000: 1: debug : doRemoteOpen:924 : proceeding with name = \n", null);
            Assert.Equal("", empty.NameSent);
        }

        [Fact]
        public void Corpus_HasNoDuplicates_AndFollowsSafetyRules()
        {
            var keys = UriCorpus.Templates.Select(t => t.Template + "|" + t.ReadOnly).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
            Assert.InRange(UriCorpus.Templates.Count, 80, 200);
            foreach (var (t, _) in UriCorpus.Templates)
            {
                string lower = t.ToLowerInvariant();
                if (lower.Contains("+ssh:") || (lower.Contains("+ext:") && lower.Contains("command")))
                    Assert.Contains(UriCorpus.FakeSsh, t);
                if (lower.Contains("+tls:"))
                    Assert.Contains(UriCorpus.EmptyPki, t);
                Assert.Null(VirshOracle.FindUnsafeNetworkHost(t));
            }
        }

        [SkippableTheory]
        [MemberData(nameof(UriCorpus.UriTemplates), MemberType = typeof(UriCorpus))]
        public void Corpus_RunsQuickly_AndStaysLocal(string template, bool readOnly)
        {
            SkipIfUnavailable();
            var o = VirshOracle.Observe(UriCorpus.Expand(template), readOnly);
            Assert.False(o.TimedOut, "virsh timed out");
            Assert.True(o.ExitCode == 0 || o.ExitCode == 1, $"exit code {o.ExitCode}: {o.RawStderr}");
            if (o.ExitCode != 0) Assert.NotNull(o.Error);
            // Anything libvirt itself connected to must be loopback.
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(o.LogText + o.RawStderr, @"server at '(?<h>.*):(?<p>[^:']*)'"))
                Assert.Contains(m.Groups["h"].Value, new[] { "127.0.0.1", "::1", "localhost" });
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(o.LogText, @"remoteAddr=(?<a>[^,\s]+)"))
            {
                string a = m.Groups["a"].Value;
                Assert.True(a == "(nil)" || a == "<null>" || a.StartsWith("127.", StringComparison.Ordinal) || a.StartsWith("::1", StringComparison.Ordinal), "remote address " + a);
            }
            // A recorded argv means the fake ran, and libvirt reports the fake's stderr.
            if (o.SshArgv != null)
                Assert.Contains(VirshOracle.FakeSshMarker, o.Error);
        }

        // With LIBVIRTPS_WRITE_VIRSH_OBSERVATIONS=1 this rewrites the reference file instead of comparing with it.
        [SkippableFact]
        public void ObservedFile_MatchesInstalledVirsh()
        {
            SkipIfUnavailable();
            if (Environment.GetEnvironmentVariable(WriteEnvVar) == "1")
            {
                File.WriteAllText(Path.Combine(SourceDir(), ObservedFileName), FormatObservations(ObserveCorpus()), new UTF8Encoding(false));
                return;
            }
            Skip.If(VirshOracle.VirshVersion != "9.0.0", "the reference file was made with virsh 9.0.0, found " + VirshOracle.VirshVersion);
            Skip.If(!IsRoot, "the reference file was made as root");
            Skip.If(VirshOracle.SystemDaemonSocketPresent, "a libvirt daemon is running");
            string path = Path.Combine(SourceDir(), ObservedFileName);
            Skip.If(!File.Exists(path), ObservedFileName + " not found next to the source");
            string expected = File.ReadAllText(path).Replace("\r\n", "\n");
            string actual = FormatObservations(ObserveCorpus());
            if (expected != actual)
            {
                var e = expected.Split('\n');
                var a = actual.Split('\n');
                int i = 0;
                while (i < Math.Min(e.Length, a.Length) && e[i] == a[i]) i++;
                Assert.Fail($"{ObservedFileName} differs from what virsh does now (line {i + 1}):\n  file:   {(i < e.Length ? e[i] : "<eof>")}\n  virsh:  {(i < a.Length ? a[i] : "<eof>")}\nRegenerate with {WriteEnvVar}=1 if the change is expected.");
            }
        }

        // ------------------------------------------------------------------------------------------------

        private static bool IsRoot => RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Environment.UserName == "root";

        private static string SourceDir([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

        private static List<(string Template, bool ReadOnly, VirshObservation Obs)> ObserveCorpus() =>
            UriCorpus.Templates.Select(t => (t.Template, t.ReadOnly, VirshOracle.Observe(UriCorpus.Expand(t.Template), t.ReadOnly))).ToList();

        internal static string FormatObservations(IEnumerable<(string Template, bool ReadOnly, VirshObservation Obs)> items)
        {
            var sb = new StringBuilder();
            sb.Append("# What the real virsh (libvirt-clients ").Append(VirshOracle.VirshVersion).Append(", Debian 12) does with each URI of UriCorpus.\n");
            sb.Append("# Generated by VirshOracleTests.ObservedFile_Regenerate (").Append(WriteEnvVar).Append("=1); do not edit by hand.\n");
            sb.Append("# Run as root, no libvirt daemon running, LIBVIRT_AUTOSTART=0, private HOME/XDG dirs, /etc/libvirt/libvirt.conf all comments.\n");
            sb.Append("# Command: virsh [-r] -c <uri> uri.  {FAKESSH} = recording fake ssh/ext script, {EMPTYPKI} = empty directory.\n");
            sb.Append("# name   : from the debug line 'proceeding with name = ...' (doRemoteOpen; LIBVIRT_LOG_FILTERS has 1:remote);\n");
            sb.Append("#          '(not logged)' = libvirt failed before, or the remote driver was not used.\n");
            sb.Append("# argv   : arguments the fake ssh/ext command received (argv[0] excluded), one per line; '(not run)' if it did not run.\n");
            sb.Append("# split  : scheme/server/user/port/path from virConnectOpenInternal's 'Split ... to URI components' debug line.\n");
            sb.Append("# error  : virsh's 'error: ' lines without the prefix (generic 'failed to connect to the hypervisor' dropped).\n");
            sb.Append("# Empty strings are shown as \"\".\n");
            foreach (var (template, ro, o) in items)
            {
                sb.Append('\n');
                sb.Append("uri       : ").Append(Show(template)).Append('\n');
                sb.Append("readOnly  : ").Append(ro ? "true" : "false").Append('\n');
                sb.Append("exit      : ").Append(o.TimedOut ? "TIMEOUT" : o.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                if (o.Components is { } c)
                    sb.Append("split     : scheme=").Append(Show(c.Scheme)).Append(" server=").Append(Show(c.Server)).Append(" user=").Append(Show(c.User))
                      .Append(" port=").Append(c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" path=").Append(Show(c.Path)).Append('\n');
                sb.Append("transport : ").Append(o.Transport ?? "(not logged)").Append('\n');
                sb.Append("name      : ").Append(o.NameSent == null ? "(not logged)" : Show(o.NameSent)).Append('\n');
                if (o.RemoteOpenFlags != null)
                    sb.Append("flags     : 0x").Append(o.RemoteOpenFlags.Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                if (o.ChosenSocket != null)
                    sb.Append("socket    : ").Append(Show(o.ChosenSocket)).Append('\n');
                if (o.SshArgv == null)
                    sb.Append("argv      : (not run)\n");
                else
                {
                    sb.Append("argv      : ").Append(o.SshArgv.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" element(s)\n");
                    for (int i = 0; i < o.SshArgv.Count; i++)
                        sb.Append("  [").Append((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("] ").Append(Show(o.SshArgv[i])).Append('\n');
                }
                if (o.ExitCode == 0)
                    sb.Append("stdout    : ").Append(Show(o.Stdout.TrimEnd('\n'))).Append('\n');
                sb.Append("error     : ").Append(o.Error == null ? "(none)" : Show(o.Error)).Append('\n');
            }
            return sb.ToString();
        }

        private static string Show(string? s)
        {
            if (s == null) return "(null)";
            if (s.Length == 0) return "\"\"";
            return UriCorpus.Collapse(s).Replace("\n", "\n            ");
        }
    }
}
