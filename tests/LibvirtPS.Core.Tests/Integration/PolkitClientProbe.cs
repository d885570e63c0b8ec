// The test assembly's entry point, used as a LibvirtPS client in a process of its own.
//
// Why: libvirtd lets root through polkit unasked (AUTH_LIST answers "none" for uid 0), so polkit's allow and deny
// can only be seen from a non-root client. The test process is root; PolkitDaemonFixture starts
//   setpriv --reuid <user> … dotnet <this assembly> polkit-probe [--readonly] <uri>
// and that process, as that user, opens the URI with LibvirtPS.Core and lists every domain, like
// `virsh -c <uri> list --all`. The test SDK would otherwise generate an empty Main (GenerateProgramFile=false in
// the csproj); xunit never calls this one.
//
// Output: stdout one line per domain, "<id or ->\t<name>\t<virsh's state name>"; stderr the wire trace's lines
// prefixed "trace: ". A libvirt error: stderr "error: <message>", "code: <LibvirtErrorCode>" and
// "domain: <LibvirtErrorDomain>", exit 1.
// Bad arguments: exit 2 with usage on stderr.

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Tests.Integration
{
    public static class PolkitClientProbe
    {
        public const string Verb = "polkit-probe";

        public static async Task<int> Main(string[] args)
        {
            bool readOnly = args.Length == 3 && args[1] == "--readonly";
            if (!(args.Length == 2 || readOnly) || args[0] != Verb)
            {
                Console.Error.WriteLine("usage: LibvirtPS.Core.Tests " + Verb + " [--readonly] <uri>");
                return 2;
            }
            string uri = args[^1];
            var trace = new WireTrace { Enabled = true };
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                var plan = ConnectionPlanner.Plan(uri, new ConnectionOptions { ReadOnly = readOnly });
                using var conn = await LibvirtConnection.OpenAsync(plan, new RemoteOpenOptions(), trace, cts.Token);
                var domains = await conn.Hypervisor.ListDomainsAsync(DomainListFlags.None, cts.Token);
                foreach (var d in domains.OrderBy(d => d.Id ?? int.MaxValue).ThenBy(d => d.Name, StringComparer.Ordinal))
                    Console.WriteLine((d.Id?.ToString() ?? "-") + "\t" + d.Name + "\t" + IntegrationSupport.VirshStateName(d.State));
                await conn.CloseAsync(cts.Token);
                return 0;
            }
            catch (LibvirtException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine("code: " + e.Code);
                Console.Error.WriteLine("domain: " + e.Domain);
                return 1;
            }
            finally
            {
                foreach (var line in trace.Drain()) Console.Error.WriteLine("trace: " + line);
            }
        }
    }
}
