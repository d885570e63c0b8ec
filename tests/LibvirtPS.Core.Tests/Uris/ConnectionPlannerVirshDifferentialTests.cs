using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Oracles;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>
    /// Differential test: the real virsh (libvirt 9.0) and ConnectionPlanner see the same URI; they must agree on
    /// what is sent (name, open flags), what is run (ssh argv, ext command), where it goes (socket, host:port,
    /// CA file) and on which URIs are rejected, with libvirt's message.
    /// </summary>
    public class ConnectionPlannerVirshDifferentialTests
    {
        // Errors that come from doing I/O (no daemon, closed port, missing CA file, the fake ssh exiting):
        // the plan is fine, and what libvirt tried is checked against the plan instead.
        private static readonly string[] IoErrorPrefixes =
        {
            "Failed to connect socket to '", "unable to connect to server at '", "Cannot read CA certificate '",
            "Cannot recv data:", "End of file while reading data", "internal error: client socket is closed",
        };

        [SkippableTheory]
        [MemberData(nameof(UriCorpus.UriTemplates), MemberType = typeof(UriCorpus))]
        public void PlannerAgreesWithVirsh(string template, bool readOnly)
        {
            Skip.If(VirshOracle.UnavailableReason != null, VirshOracle.UnavailableReason);
            string uri = UriCorpus.Expand(template);
            var seen = VirshOracle.Observe(uri, readOnly);
            Assert.False(seen.TimedOut, "virsh timed out");

            ConnectionPlan? plan = null;
            LibvirtException? error = null;
            try
            {
                plan = ConnectionPlanner.Plan(uri, new ConnectionOptions { ReadOnly = readOnly }, EnvironmentOf(seen));
            }
            catch (LibvirtException e)
            {
                error = e;
            }

            bool ioError = seen.Error != null && IoErrorPrefixes.Any(p => seen.Error.StartsWith(p, StringComparison.Ordinal));
            if (seen.Error != null && !ioError)
            {
                Assert.True(error != null, $"virsh rejects '{template}' with '{seen.Error}' but the planner accepts it");
                Assert.Equal(seen.Error, error!.Message);
                return;
            }

            Assert.True(error == null, $"virsh accepts '{template}' but the planner rejects it: {error?.Message}");
            if (seen.ExitCode == 0 && seen.NameSent == null)
            {
                Assert.Equal(LibvirtTransport.Embedded, plan!.Transport);
                return;
            }

            Assert.Equal(seen.NameSent, plan!.RemoteName);
            if (seen.RemoteOpenFlags.HasValue) Assert.Equal(seen.RemoteOpenFlags.Value, (int)plan.OpenFlags);
            if (seen.SshArgv != null)
            {
                Assert.NotNull(plan.Command);
                if (plan.Transport == LibvirtTransport.Ssh) Assert.Equal(seen.SshArgv, plan.Command!.Skip(1).ToList());
                else Assert.Equal(LibvirtTransport.Ext, plan.Transport);
            }
            if (plan.Transport == LibvirtTransport.Ext) Assert.Equal(VirshOracle.FakeSshPath, Assert.Single(plan.Command!));
            if (seen.ChosenSocket != null && seen.ChosenSocket != "<null>") Assert.Equal(seen.ChosenSocket, plan.SocketPath);
            if (seen.SocketTried != null) Assert.Equal(seen.SocketTried, plan.SocketPath);
            if (seen.Error != null && seen.Error.StartsWith("unable to connect to server at '", StringComparison.Ordinal))
            {
                Assert.StartsWith("unable to connect to server at '" + plan.Host + ":" + plan.Port + "'", seen.Error);
            }
            if (seen.Error != null && seen.Error.StartsWith("Cannot read CA certificate '", StringComparison.Ordinal))
            {
                Assert.StartsWith("Cannot read CA certificate '" + plan.Pki!.CACertificate + "'", seen.Error);
            }
        }

        // the machine virsh ran on: this user, the oracle's private home and XDG folders, no autostart
        private static ClientEnvironment EnvironmentOf(VirshObservation seen)
        {
            string home = seen.HomeDir!;
            var vars = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = home,
                ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
                ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache"),
                ["XDG_RUNTIME_DIR"] = seen.RuntimeDir!,
                ["LIBVIRT_AUTOSTART"] = "0",
            };
            var current = ClientEnvironment.Current();
            return new ClientEnvironment(current.IsRoot, current.IsWindows, home, vars, current.FileExists);
        }
    }
}
