using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Cmdlets that act on one named snapshot: <c>-Snapshot</c> (objects from Get-LibvirtDomainSnapshot, by value),
    /// <c>-DomainName</c> + <c>-Name</c> (by property name), or <c>-Domain</c> (domain objects, by value) + <c>-Name</c>.
    /// Each snapshot is its own ShouldProcess target and its own non-terminating error.
    /// </summary>
    public abstract class LibvirtSnapshotCommandBase : LibvirtConnectedCommandBase
    {
        protected const string BySnapshot = "BySnapshot";
        protected const string ByName = "ByName";
        protected const string ByDomain = "ByDomain";

        /// <summary>Snapshots as Get-LibvirtDomainSnapshot writes them; each is acted on through its own connection.</summary>
        [Parameter(ParameterSetName = BySnapshot, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public LibvirtDomainSnapshot[]? Snapshot { get; set; }

        /// <summary>The domain's name (exact) on the target connections.</summary>
        [Parameter(ParameterSetName = ByName, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DomainNameCompleter))]
        public string? DomainName { get; set; }

        /// <summary>The domain, as Get-LibvirtDomain writes it.</summary>
        [Parameter(ParameterSetName = ByDomain, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public LibvirtDomain? Domain { get; set; }

        /// <summary>Snapshot names (exact).</summary>
        [Parameter(ParameterSetName = ByName, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ByDomain, Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SnapshotNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The verb as ShouldProcess shows it.</summary>
        protected abstract string Action { get; }

        /// <summary>The fallback error id of the operation.</summary>
        protected abstract string ErrorId { get; }

        /// <summary>The operation on one snapshot (the domain by UUID, the snapshot by name).</summary>
        protected abstract Task Operation(IHypervisor hypervisor, Guid domainUuid, string name);

        /// <summary>After a successful operation (for -PassThru).</summary>
        protected virtual void Done(LibvirtConnection connection, Guid domainUuid, string domainName, string name) { }

        protected override void ProcessRecord()
        {
            foreach (var (c, uuid, domainName, name) in Targets())
            {
                if (!ShouldProcess("Snapshot '" + name + "' of domain '" + domainName + "' on " + c.Uri, Action)) continue;
                if (TryRun(c, Operation(c.Hypervisor, uuid, name), ErrorId, name))
                    Done(c, uuid, domainName, name);
            }
        }

        private IEnumerable<(LibvirtConnection, Guid, string, string)> Targets()
        {
            switch (ParameterSetName)
            {
                case BySnapshot:
                    foreach (var s in Snapshot!) yield return (s.Connection, s.DomainUuid, s.DomainName, s.Name);
                    yield break;
                case ByDomain:
                    foreach (var n in Name!) yield return (Traced(Domain!.Connection), Domain.Uuid, Domain.Name, n);
                    yield break;
                default:
                    foreach (var c in TargetConnections())
                    {
                        if (!TryRun(c, c.Hypervisor.LookupDomainByNameAsync(DomainName!, CancellationToken), ErrorId, DomainName, out var d)) continue;
                        foreach (var n in Name!) yield return (c, d.Uuid, d.Name, n);
                    }
                    yield break;
            }
        }
    }
}
