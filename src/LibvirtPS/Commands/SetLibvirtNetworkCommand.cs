using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Set-LibvirtNetwork: changes network settings; -Autostart (virNetworkSetAutostart).</summary>
    [Cmdlet(VerbsCommon.Set, "LibvirtNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtNetwork))]
    public sealed class SetLibvirtNetworkCommand : LibvirtNetworkChangeCommandBase
    {
        /// <summary>Whether the network starts when the host (libvirtd) starts.</summary>
        [Parameter(Mandatory = true)]
        public bool Autostart { get; set; }

        protected override string Action => "Set autostart to " + (Autostart ? "true" : "false");

        protected override string ErrorId => "SetNetworkAutostartFailed";

        protected override Task Operation(IHypervisor hypervisor, NetworkInfo network) =>
            hypervisor.SetNetworkAutostartAsync(network, Autostart, CancellationToken);
    }
}
