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
    /// Get-LibvirtDomainSnapshot: the snapshots of domains (virDomainListAllSnapshots, then every snapshot's XML in
    /// pipelined batches), or only the current one (virDomainSnapshotCurrent). Sorted as a tree walk:
    /// roots by creation time, each followed by its descendants.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtDomainSnapshot", DefaultParameterSetName = ByDomainName)]
    [OutputType(typeof(LibvirtDomainSnapshot))]
    public sealed class GetLibvirtDomainSnapshotCommand : LibvirtConnectedCommandBase
    {
        private const string ByDomainName = "ByDomainName";
        private const string ByDomain = "ByDomain";

        /// <summary>Domain names (wildcards match case-sensitively); every domain when omitted.</summary>
        [Parameter(ParameterSetName = ByDomainName, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DomainNameCompleter))]
        public string[]? DomainName { get; set; }

        /// <summary>Domains as Get-LibvirtDomain writes them.</summary>
        [Parameter(ParameterSetName = ByDomain, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public LibvirtDomain[]? Domain { get; set; }

        /// <summary>Snapshot names; wildcards match case-sensitively. An exact name that is missing is an error.</summary>
        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SnapshotNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only each domain's current snapshot (domains without one write nothing).</summary>
        [Parameter]
        public SwitchParameter Current { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var (c, d) in Domains()) ForDomain(c, d.Uuid, d.Name);
        }

        private IEnumerable<(LibvirtConnection, DomainInfo)> Domains()
        {
            if (ParameterSetName == ByDomain)
            {
                foreach (var d in Domain!)
                    yield return (d.Connection, d.GetListedInfo());
                yield break;
            }
            foreach (var c in TargetConnections())
            {
                var names = DomainName ?? new[] { "*" };
                if (names.Any(WildcardPattern.ContainsWildcardCharacters))
                {
                    if (!TryRun(c, c.Hypervisor.ListDomainsBulkAsync(DomainListFlags.None, CancellationToken), "ListDomainsFailed", c, out var all)) continue;
                    var patterns = names.Select(n => WildcardPattern.Get(n, WildcardOptions.None)).ToList();
                    foreach (var d in all.OrderBy(d => d.Name, StringComparer.Ordinal))
                        if (patterns.Any(p => p.IsMatch(d.Name))) yield return (c, d);
                    continue;
                }
                var lookups = names.Select(n => (n, c.Hypervisor.LookupDomainByNameAsync(n, CancellationToken))).ToList();
                foreach (var (n, task) in lookups)
                    if (TryRun(c, task, "GetDomainFailed", n, out var d)) yield return (c, d);
            }
        }

        private void ForDomain(LibvirtConnection c, Guid uuid, string domainName)
        {
            if (Current)
            {
                Traced(c);
                try
                {
                    var s = WaitTraced(c, c.Hypervisor.GetCurrentDomainSnapshotAsync(uuid, CancellationToken));
                    if (Name == null || Name.Any(n => WildcardPattern.Get(n, WildcardOptions.None).IsMatch(s.Name)))
                        WriteObject(new LibvirtDomainSnapshot(s, c));
                }
                catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomainSnapshot)
                {
                    WriteVerbose("Domain '" + domainName + "' has no current snapshot.");
                }
                catch (LibvirtException e)
                {
                    WriteError(ErrorRecords.ForCall(e, "GetSnapshotFailed", domainName));
                }
                return;
            }

            var exact = Name?.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList() ?? new List<string>();
            if (Name != null && exact.Count == Name.Length)
            {
                // exact names: one lookup each, concurrently
                var lookups = exact.Select(n => (n, c.Hypervisor.GetDomainSnapshotAsync(uuid, n, CancellationToken))).ToList();
                foreach (var (n, task) in lookups)
                    if (TryRun(c, task, "GetSnapshotFailed", n, out var s)) WriteObject(new LibvirtDomainSnapshot(s, c));
                return;
            }

            if (!TryRun(c, c.Hypervisor.ListDomainSnapshotsAsync(uuid, CancellationToken), "ListSnapshotsFailed", domainName, out var all)) return;
            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.None)).ToList();
            foreach (var s in TreeOrder(all))
                if (patterns == null || patterns.Any(p => p.IsMatch(s.Name))) WriteObject(new LibvirtDomainSnapshot(s, c));
            foreach (var n in exact.Where(n => !all.Any(s => s.Name == n)))
                // libvirt's own text for a lookup that finds nothing (as DOMAIN_SNAPSHOT_LOOKUP_BY_NAME would give it)
                WriteError(ErrorRecords.ForCall(LibvirtException.FromRemote(LibvirtErrorCode.NoDomainSnapshot, LibvirtErrorDomain.DomainSnapshot,
                    "Domain snapshot not found: no domain snapshot with matching name '" + n + "'", LibvirtErrorLevel.Error), "GetSnapshotFailed", n));
        }

        /// <summary>Depth-first from the roots, siblings by creation time then name (virsh snapshot-list --tree order).</summary>
        internal static IEnumerable<DomainSnapshotInfo> TreeOrder(IReadOnlyList<DomainSnapshotInfo> all)
        {
            var names = new HashSet<string>(all.Select(s => s.Name), StringComparer.Ordinal);
            var byParent = all.GroupBy(s => s.Parent != null && names.Contains(s.Parent) ? s.Parent : "")
                .ToDictionary(g => g.Key, g => g.OrderBy(s => s.CreationTime).ThenBy(s => s.Name, StringComparer.Ordinal).ToList());
            var stack = new Stack<DomainSnapshotInfo>();
            if (byParent.TryGetValue("", out var roots))
                for (int i = roots.Count - 1; i >= 0; i--) stack.Push(roots[i]);
            while (stack.Count > 0)
            {
                var s = stack.Pop();
                yield return s;
                if (byParent.TryGetValue(s.Name, out var kids))
                    for (int i = kids.Count - 1; i >= 0; i--) stack.Push(kids[i]);
            }
        }
    }
}
