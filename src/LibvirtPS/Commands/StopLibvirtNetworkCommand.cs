using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Stop-LibvirtNetwork: stops networks (virNetworkDestroy); a transient network disappears.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "LibvirtNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtNetwork))]
    public sealed class StopLibvirtNetworkCommand : LibvirtNetworkChangeCommandBase
    {
        protected override string Action => "Stop (destroy)";

        protected override string ErrorId => "StopNetworkFailed";

        protected override Task Operation(IHypervisor hypervisor, NetworkInfo network) => hypervisor.DestroyNetworkAsync(network, CancellationToken);
    }
}
