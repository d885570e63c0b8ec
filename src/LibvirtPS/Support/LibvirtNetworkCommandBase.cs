using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Cmdlets that act on virtual networks: <c>-Network</c> (objects from Get-LibvirtNetwork, by value from the
    /// pipeline) or <c>-Name</c> (also by property name) on the target connections. Each network is its own
    /// ShouldProcess target and its own non-terminating error.
    /// </summary>
    public abstract class LibvirtNetworkCommandBase : LibvirtConnectedCommandBase
    {
        protected const string ByNetwork = "ByNetwork";
        protected const string ByName = "ByName";

        /// <summary>The networks, as written by Get-LibvirtNetwork; each is acted on through its own connection.</summary>
        [Parameter(ParameterSetName = ByNetwork, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public LibvirtNetwork[]? Network { get; set; }

        /// <summary>Network names (exact, case-sensitive) on the target connections.</summary>
        [Parameter(ParameterSetName = ByName, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(NetworkNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The verb as ShouldProcess shows it, e.g. "Start".</summary>
        protected abstract string Action { get; }

        /// <summary>The fallback error id for libvirt errors of the operation, e.g. "StartNetworkFailed".</summary>
        protected abstract string ErrorId { get; }

        /// <summary>Runs the operation on one network.</summary>
        protected abstract void Act(LibvirtConnection connection, NetworkInfo network);

        protected override void ProcessRecord()
        {
            foreach (var (c, n) in Targets())
            {
                if (!ShouldProcess("Network '" + n.Name + "' on " + c.Uri, Action)) continue;
                Act(c, n);
            }
        }

        private IEnumerable<(LibvirtConnection, NetworkInfo)> Targets()
        {
            if (ParameterSetName == ByNetwork)
            {
                foreach (var n in Network!) yield return (Traced(n.Connection), n.ToInfo());
                yield break;
            }
            foreach (var c in TargetConnections())
            {
                var lookups = new List<(string, Task<NetworkInfo>)>();
                foreach (var n in Name!) lookups.Add((n, c.Hypervisor.LookupNetworkByNameAsync(n, CancellationToken)));
                foreach (var (n, task) in lookups)
                {
                    if (TryRun(c, task, ErrorId, n, out var info)) yield return (c, info);
                }
            }
        }

        /// <summary>-PassThru: the network read anew (by uuid; a transient network that was stopped is gone).</summary>
        protected void WriteRefreshed(LibvirtConnection connection, NetworkInfo network)
        {
            if (TryRun(connection, connection.Hypervisor.LookupNetworkByUuidAsync(network.Uuid, CancellationToken), "GetNetworkFailed", network.Name, out var info))
                WriteObject(new LibvirtNetwork(info, connection));
        }
    }

    /// <summary>The state-changing network cmdlets: the operation, then -PassThru.</summary>
    public abstract class LibvirtNetworkChangeCommandBase : LibvirtNetworkCommandBase
    {
        /// <summary>Writes the network, read again after the operation.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract Task Operation(IHypervisor hypervisor, NetworkInfo network);

        protected override void Act(LibvirtConnection connection, NetworkInfo network)
        {
            if (TryRun(connection, Operation(connection.Hypervisor, network), ErrorId, network.Name) && PassThru)
                WriteRefreshed(connection, network);
        }
    }
}
