using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
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
            foreach (var c in TargetConnections())
            {
                switch (ParameterSetName)
                {
                    case ById:
                        foreach (var (id, task) in Id!.Select(i => (i, c.Hypervisor.LookupDomainByIdAsync(i, CancellationToken))).ToList())
                            Emit(c, task, id);
                        break;
                    case ByUuid:
                        foreach (var (uuid, task) in Uuid!.Select(u => (u, c.Hypervisor.LookupDomainByUuidAsync(u, CancellationToken))).ToList())
                            Emit(c, task, uuid);
                        break;
                    default:
                        ByNames(c);
                        break;
                }
            }
        }

        private void ByNames(LibvirtConnection c)
        {
            var names = Name ?? new[] { "*" };
            var exact = names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
            var patterns = names.Where(WildcardPattern.ContainsWildcardCharacters)
                .Select(n => WildcardPattern.Get(n, WildcardOptions.None)).ToList();

            if (patterns.Count > 0)
            {
                if (!TryRun(c, c.Hypervisor.ListDomainsAsync(DomainListFlags.None, CancellationToken), "ListDomainsFailed", c, out var all)) return;
                var seen = new HashSet<Guid>();
                foreach (var d in all.OrderBy(d => d.Name, StringComparer.Ordinal))
                {
                    if ((patterns.Any(p => p.IsMatch(d.Name)) || exact.Contains(d.Name)) && seen.Add(d.Uuid)) Write(c, d);
                }
                // an exact name among wildcards is still reported when missing, like Get-Process
                foreach (var n in exact.Where(n => !all.Any(d => d.Name == n))) NotFound(c, n);
                return;
            }

            // exact names: the lookups run concurrently on the connection
            var lookups = exact.Select(n => (Name: n, Task: c.Hypervisor.LookupDomainByNameAsync(n, CancellationToken))).ToList();
            foreach (var (n, task) in lookups) Emit(c, task, n);
        }

        private void Emit(LibvirtConnection c, Task<DomainInfo> task, object target)
        {
            BeginTrace(c);
            try
            {
                Write(c, WaitTraced(c, task));
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
            {
                NotFound(c, target, e);
            }
            catch (LibvirtException e)
            {
                WriteError(ErrorRecords.ForCall(e, "GetDomainFailed", target));
            }
            finally
            {
                c.Trace.Enabled = false;
            }
        }

        private void Write(LibvirtConnection c, DomainInfo d)
        {
            if (State != null && !State.Contains(d.State)) return;
            WriteObject(new LibvirtDomain(d, c));
        }

        private void NotFound(LibvirtConnection c, object target, LibvirtException? e = null)
        {
            string what = target is string ? "name" : target is int ? "id" : "UUID";
            string message = "Cannot find a domain with the " + what + " '" + target + "' on " + c.Uri + ".";
            var exception = e ?? new LibvirtException(LibvirtErrorCode.NoDomain, LibvirtErrorDomain.Dom, "no domain with matching " + what + " '" + target + "'");
            WriteError(new ErrorRecord(exception, "DomainNotFound", ErrorCategory.ObjectNotFound, target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = what == "name" ? "Check the name with Get-LibvirtDomain (names are case-sensitive)." : "List the domains with Get-LibvirtDomain." },
            });
        }
    }
}
