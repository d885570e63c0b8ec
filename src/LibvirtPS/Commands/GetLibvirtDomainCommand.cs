using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Get-LibvirtDomain: domains by name (wildcards, case-sensitive like libvirt's names), id or UUID, from one
    /// or many connections, listed with libvirt's bulk procedures.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtDomain", DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class GetLibvirtDomainCommand : LibvirtConnectedCommandBase
    {
        private const string ByName = "ByName";
        private const string ById = "ById";
        private const string ByUuid = "ByUuid";

        /// <summary>Domain names; wildcards match case-sensitively, as libvirt compares names.</summary>
        [Parameter(ParameterSetName = ByName, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DomainNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Ids of running domains.</summary>
        // not bound from the pipeline by property name: connection and domain objects have an Id of their own
        [Parameter(ParameterSetName = ById, Mandatory = true)]
        public int[]? Id { get; set; }

        /// <summary>Domain UUIDs.</summary>
        [Parameter(ParameterSetName = ByUuid, Mandatory = true)]
        public Guid[]? Uuid { get; set; }

        /// <summary>Only domains in these states.</summary>
        [Parameter]
        public DomainState[]? State { get; set; }

        /// <summary>
        /// Read max memory, memory, vCPUs and CPU time during the listing, with one DOMAIN_GET_INFO per domain where
        /// the driver's bulk stats lack them (libvirt's test driver). Without it those are read when first used.
        /// </summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        /// <summary>How many connections are listed at the same time.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        protected override int FanOutLimit => ThrottleLimit;

        private bool _nameOnCommandLine;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _nameOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Name));
        }

        protected override void ProcessRecord()
        {
            // A piped connection binds to -Connection and, through its ToString, to -Name as well; it means
            // "all domains of this connection", not a domain named like the URI.
            if (!_nameOnCommandLine && Name != null && Name.Length == 1 && Connection != null && Connection.Length == 1 &&
                Name[0] == Connection[0].ToString())
            {
                Name = null;
            }
            // each connection's listing runs off the pipeline thread, concurrently with the other connections'
            // (at most -ThrottleLimit at once); its domains are written together when it ends, sorted by name
            foreach (var c in TargetConnections())
            {
                var names = Name;
                Dispatch(c, c, "ListDomainsFailed", (output, ct) => ListAsync(c, names, output, ct));
            }
        }

        private Task ListAsync(LibvirtConnection c, string[]? names, PipelineOutput output, CancellationToken ct)
        {
            switch (ParameterSetName)
            {
                case ById:
                    return LookupAsync(c, Id!.Select(i => ((object)i, c.Hypervisor.LookupDomainByIdAsync(i, ct))).ToList(), output);
                case ByUuid:
                    return LookupAsync(c, Uuid!.Select(u => ((object)u, c.Hypervisor.LookupDomainByUuidAsync(u, ct))).ToList(), output);
                default:
                    return ByNamesAsync(c, names ?? new[] { "*" }, output, ct);
            }
        }

        private async Task ByNamesAsync(LibvirtConnection c, string[] names, PipelineOutput output, CancellationToken ct)
        {
            var exact = names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
            var patterns = names.Where(WildcardPattern.ContainsWildcardCharacters)
                .Select(n => WildcardPattern.Get(n, WildcardOptions.None)).ToList();

            if (patterns.Count > 0)
            {
                // a failure here is the connection's ListDomainsFailed error (Dispatch writes it). Without -Detailed
                // the listing is the bulk calls alone; details the driver's stats lack are read when first used, for
                // all domains written here at once (LibvirtDomain, DomainDetailsLoader).
                var all = Detailed
                    ? await c.Hypervisor.ListDomainsAsync(DomainListFlags.None, ct).ConfigureAwait(false)
                    : await c.Hypervisor.ListDomainsBulkAsync(DomainListFlags.None, ct).ConfigureAwait(false);
                var seen = new HashSet<Guid>();
                var chosen = all.OrderBy(d => d.Name, StringComparer.Ordinal)
                    .Where(d => (patterns.Any(p => p.IsMatch(d.Name)) || exact.Contains(d.Name)) && seen.Add(d.Uuid) && InState(d))
                    .ToList();
                var lacking = chosen.Where(d => !d.HasDetails).ToList();
                var loader = lacking.Count > 0 ? new DomainDetailsLoader(c, lacking) : null;
                foreach (var d in chosen) output.Object(new LibvirtDomain(d, c, loader));
                // an exact name among wildcards is still reported when missing, like Get-Process
                foreach (var n in exact.Where(n => !all.Any(d => d.Name == n))) NotFound(c, n, output);
                return;
            }

            // exact names: the lookups run concurrently on the connection
            await LookupAsync(c, exact.Select(n => ((object)n, c.Hypervisor.LookupDomainByNameAsync(n, ct))).ToList(), output).ConfigureAwait(false);
        }

        /// <summary>Lookups already sent; their answers in the order asked, a missing one as DomainNotFound.</summary>
        private async Task LookupAsync(LibvirtConnection c, List<(object Target, Task<DomainInfo> Task)> lookups, PipelineOutput output)
        {
            foreach (var (target, task) in lookups)
            {
                try
                {
                    Write(c, await task.ConfigureAwait(false), output);
                }
                catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
                {
                    NotFound(c, target, output, e);
                }
                catch (LibvirtException e)
                {
                    output.Error(ErrorRecords.ForCall(e, "GetDomainFailed", target));
                }
            }
        }

        private void Write(LibvirtConnection c, DomainInfo d, PipelineOutput output)
        {
            if (InState(d)) output.Object(new LibvirtDomain(d, c));
        }

        private bool InState(DomainInfo d) => State == null || State.Contains(d.State);

        private static void NotFound(LibvirtConnection c, object target, PipelineOutput output, LibvirtException? e = null)
        {
            string what = target is string ? "name" : target is int ? "id" : "UUID";
            string message = "Cannot find a domain with the " + what + " '" + target + "' on " + c.Uri + ".";
            var exception = e ?? new LibvirtException(LibvirtErrorCode.NoDomain, LibvirtErrorDomain.Dom, "no domain with matching " + what + " '" + target + "'");
            output.Error(new ErrorRecord(exception, "DomainNotFound", ErrorCategory.ObjectNotFound, target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = what == "name" ? "Check the name with Get-LibvirtDomain (names are case-sensitive)." : "List the domains with Get-LibvirtDomain." },
            });
        }
    }
}
