using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Integration
{
    /// <summary>Small helpers shared by the integration tests.</summary>
    internal static class IntegrationSupport
    {
        public static void SkipIfUnavailable(LibvirtdFixture fixture) =>
            Skip.If(fixture.UnavailableReason != null, fixture.UnavailableReason);

        public static void SkipIfNoPython(LibvirtdFixture fixture)
        {
            SkipIfUnavailable(fixture);
            Skip.If(fixture.PythonUnavailableReason != null, fixture.PythonUnavailableReason);
        }

        public static string UriFor(LibvirtdFixture fixture, string transport) => transport switch
        {
            "unix" => fixture.UnixUri,
            "tcp" => fixture.TcpUri,
            "unix-ro" => fixture.UnixReadOnlyUri,
            _ => throw new ArgumentException("unknown transport " + transport),
        };

        /// <summary>Opens a connection the way the cmdlets do: plan the URI, then LibvirtConnection.OpenAsync.</summary>
        public static Task<LibvirtConnection> OpenAsync(string uri, CancellationToken ct, bool readOnly = false, RemoteOpenOptions? options = null)
        {
            var plan = ConnectionPlanner.Plan(uri, new ConnectionOptions { ReadOnly = readOnly });
            return LibvirtConnection.OpenAsync(plan, options ?? new RemoteOpenOptions(), new WireTrace(), ct);
        }

        /// <summary>Awaits <paramref name="task"/> but fails the test after <paramref name="limit"/> instead of hanging.</summary>
        public static async Task<T> Within<T>(this Task<T> task, TimeSpan limit, string what)
        {
            var done = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
            if (done != task) throw new TimeoutException(what + " did not finish within " + limit.TotalSeconds + " s");
            return await task.ConfigureAwait(false);
        }

        public static async Task Within(this Task task, TimeSpan limit, string what)
        {
            var done = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
            if (done != task) throw new TimeoutException(what + " did not finish within " + limit.TotalSeconds + " s");
            await task.ConfigureAwait(false);
        }

        /// <summary>Runs <paramref name="action"/>, expects a LibvirtException within <paramref name="limit"/>, returns it with the time it took.</summary>
        public static async Task<(LibvirtException Error, TimeSpan Elapsed)> ExpectLibvirtErrorAsync(Func<Task> action, TimeSpan limit, string what)
        {
            var sw = Stopwatch.StartNew();
            var task = Task.Run(action);
            var done = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
            if (done != task) throw new TimeoutException(what + " neither finished nor failed within " + limit.TotalSeconds + " s");
            sw.Stop();
            var e = await Assert.ThrowsAsync<LibvirtException>(() => task).ConfigureAwait(false);
            return (e, sw.Elapsed);
        }

        /// <summary>virsh's names for domain states (virshDomainStateToString).</summary>
        public static string VirshStateName(DomainState state) => state switch
        {
            DomainState.NoState => "no state",
            DomainState.Running => "running",
            DomainState.Blocked => "idle",
            DomainState.Paused => "paused",
            DomainState.Shutdown => "in shutdown",
            DomainState.Shutoff => "shut off",
            DomainState.Crashed => "crashed",
            DomainState.PMSuspended => "pmsuspended",
            _ => "unknown",
        };

        /// <summary>"Key:   value" lines (virsh nodeinfo, dominfo) as a dictionary.</summary>
        public static Dictionary<string, string> ParseColonTable(string stdout)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var raw in stdout.Split('\n'))
            {
                int colon = raw.IndexOf(':');
                if (colon <= 0) continue;
                d[raw.Substring(0, colon).Trim()] = raw.Substring(colon + 1).Trim();
            }
            return d;
        }

        /// <summary>"8388608 KiB" → 8388608.</summary>
        public static ulong ParseKiB(string value) => ulong.Parse(value.Split(' ')[0]);

        public static void AssertVirshOk(ProcessResult r, string what)
        {
            Assert.True(r.ExitCode == 0, what + " failed: " + r);
        }

        /// <summary>Every field of two DomainInfo except CPU time (which moves).</summary>
        public static void AssertSameDomain(DomainInfo expected, DomainInfo actual, string context)
        {
            Assert.True(expected.Name == actual.Name, context + ": name " + actual.Name + " != " + expected.Name);
            Assert.True(expected.Uuid == actual.Uuid, context + ": uuid");
            Assert.True(expected.Id == actual.Id, context + ": id " + actual.Id + " != " + expected.Id);
            Assert.True(expected.State == actual.State, context + ": state " + actual.State + " != " + expected.State);
            Assert.True(expected.StateReason == actual.StateReason, context + ": state reason " + actual.StateReason + " != " + expected.StateReason);
            Assert.True(expected.MaxMemoryKiB == actual.MaxMemoryKiB, context + ": max memory " + actual.MaxMemoryKiB + " != " + expected.MaxMemoryKiB);
            Assert.True(expected.MemoryKiB == actual.MemoryKiB, context + ": memory " + actual.MemoryKiB + " != " + expected.MemoryKiB);
            Assert.True(expected.VCpus == actual.VCpus, context + ": vcpus " + actual.VCpus + " != " + expected.VCpus);
            Assert.True(expected.Persistent == actual.Persistent, context + ": persistent");
            Assert.True(expected.Autostart == actual.Autostart, context + ": autostart");
        }

        public static string Describe(DomainInfo d) =>
            d.Name + " " + d.Uuid + " id=" + (d.Id?.ToString() ?? "-") + " " + d.State + "/" + d.StateReason + " max=" + d.MaxMemoryKiB +
            " mem=" + d.MemoryKiB + " vcpus=" + d.VCpus + " persistent=" + d.Persistent + " autostart=" + d.Autostart;

        /// <summary>A minimal test-driver domain.</summary>
        public static string DomainXml(string name, Guid uuid, ulong memoryKiB, ulong currentKiB, int vcpus) =>
            "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid>" +
            "<memory unit='KiB'>" + memoryKiB + "</memory><currentMemory unit='KiB'>" + currentKiB + "</currentMemory>" +
            "<vcpu>" + vcpus + "</vcpu><os><type arch='i686'>hvm</type></os></domain>";
    }
}
