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
    /// Get-LibvirtNetwork: virtual networks by name (wildcards, case-sensitive like libvirt's names) or UUID, from
    /// one or many connections, listed with the bulk procedure (CONNECT_LIST_ALL_NETWORKS).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtNetwork", DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtNetwork))]
    public sealed class GetLibvirtNetworkCommand : LibvirtConnectedCommandBase
    {
        private const string ByName = "ByName";
        private const string ByUuid = "ByUuid";

        /// <summary>Network names; wildcards match case-sensitively, as libvirt compares names.</summary>
        [Parameter(ParameterSetName = ByName, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(NetworkNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Network UUIDs.</summary>
        [Parameter(ParameterSetName = ByUuid, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public Guid[]? Uuid { get; set; }

        /// <summary>Only running networks.</summary>
        [Parameter]
        public SwitchParameter Active { get; set; }

        /// <summary>Only networks that are not running.</summary>
        [Parameter]
        public SwitchParameter Inactive { get; set; }

        private bool _nameOnCommandLine;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _nameOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Name));
        }

        protected override void ProcessRecord()
        {
            // A piped connection binds to -Connection and, through its ToString, to -Name as well; it means
            // "all networks of this connection", not a network named like the URI.
            if (!_nameOnCommandLine && Name != null && Name.Length == 1 && Connection != null && Connection.Length == 1 &&
                Name[0] == Connection[0].ToString())
            {
                Name = null;
            }
            foreach (var c in TargetConnections())
            {
                if (ParameterSetName == ByUuid)
                {
                    foreach (var (uuid, task) in Uuid!.Select(u => (u, c.Hypervisor.LookupNetworkByUuidAsync(u, CancellationToken))).ToList())
                        Emit(c, task, uuid);
                    continue;
                }
                ByNames(c);
            }
        }

        private NetworkListFlags Flags =>
            (Active ? NetworkListFlags.Active : 0) | (Inactive ? NetworkListFlags.Inactive : 0);

        private void ByNames(LibvirtConnection c)
        {
            var names = Name ?? new[] { "*" };
            var exact = names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
            var patterns = names.Where(WildcardPattern.ContainsWildcardCharacters)
                .Select(n => WildcardPattern.Get(n, WildcardOptions.None)).ToList();

            if (patterns.Count > 0)
            {
                if (!TryRun(c, c.Hypervisor.ListNetworksAsync(Flags, CancellationToken), "ListNetworksFailed", c, out var all)) return;
                var seen = new HashSet<Guid>();
                foreach (var n in all.OrderBy(n => n.Name, StringComparer.Ordinal))
                {
                    if ((patterns.Any(p => p.IsMatch(n.Name)) || exact.Contains(n.Name)) && seen.Add(n.Uuid)) WriteObject(new LibvirtNetwork(n, c));
                }
                // an exact name among wildcards is still reported when missing, like Get-Process
                foreach (var n in exact.Where(n => !all.Any(d => d.Name == n))) NotFound(c, n);
                return;
            }

            // exact names: the lookups run concurrently on the connection
            var lookups = exact.Select(n => (Name: n, Task: c.Hypervisor.LookupNetworkByNameAsync(n, CancellationToken))).ToList();
            foreach (var (n, task) in lookups) Emit(c, task, n);
        }

        private void Emit(LibvirtConnection c, Task<NetworkInfo> task, object target)
        {
            Traced(c);
            try
            {
                var n = WaitTraced(c, task);
                if ((Active && !n.Active) || (Inactive && n.Active)) return;
                WriteObject(new LibvirtNetwork(n, c));
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoNetwork)
            {
                NotFound(c, target, e);
            }
            catch (LibvirtException e)
            {
                WriteError(ErrorRecords.ForCall(e, "GetNetworkFailed", target));
            }
        }

        private void NotFound(LibvirtConnection c, object target, LibvirtException? e = null)
        {
            string what = target is string ? "name" : "UUID";
            string message = "Cannot find a network with the " + what + " '" + target + "' on " + c.Uri + ".";
            var exception = e ?? new LibvirtException(LibvirtErrorCode.NoNetwork, LibvirtErrorDomain.Network, "no network with matching " + what + " '" + target + "'");
            WriteError(new ErrorRecord(exception, "NetworkNotFound", ErrorCategory.ObjectNotFound, target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "List the networks with Get-LibvirtNetwork (names are case-sensitive)." },
            });
        }
    }
}
