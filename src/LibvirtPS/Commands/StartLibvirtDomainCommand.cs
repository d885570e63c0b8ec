using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Start-LibvirtDomain: starts inactive domains (virDomainCreate, or virDomainCreateWithFlags START_PAUSED with -Paused).</summary>
    [Cmdlet(VerbsLifecycle.Start, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class StartLibvirtDomainCommand : LibvirtDomainLifecycleCommandBase
    {
        /// <summary>Start the domain with its vCPUs paused (VIR_DOMAIN_START_PAUSED).</summary>
        [Parameter]
        public SwitchParameter Paused { get; set; }

        protected override string Action => "Start";

        protected override string ErrorId => "StartDomainFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid uuid) => hypervisor.StartDomainAsync(uuid, Paused, CancellationToken);
    }
}
