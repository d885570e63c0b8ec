using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Start-LibvirtNetwork: starts defined networks (virNetworkCreate).</summary>
    [Cmdlet(VerbsLifecycle.Start, "LibvirtNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtNetwork))]
    public sealed class StartLibvirtNetworkCommand : LibvirtNetworkChangeCommandBase
    {
        protected override string Action => "Start";

        protected override string ErrorId => "StartNetworkFailed";

        protected override Task Operation(IHypervisor hypervisor, NetworkInfo network) => hypervisor.StartNetworkAsync(network, CancellationToken);
    }
}
