using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Stop-LibvirtDomain: asks domains to shut down (virDomainShutdown), or with -Force destroys them (virDomainDestroy).</summary>
    [Cmdlet(VerbsLifecycle.Stop, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class StopLibvirtDomainCommand : LibvirtDomainLifecycleCommandBase
    {
        /// <summary>Destroy the domain (virDomainDestroy: immediate, like pulling the plug) instead of a graceful shutdown.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Action => Force ? "Stop (destroy)" : "Stop (shutdown)";

        protected override string ErrorId => Force ? "DestroyDomainFailed" : "ShutdownDomainFailed";

        protected override bool HighImpact => Force;

        protected override Task Operation(IHypervisor hypervisor, Guid uuid) =>
            Force ? hypervisor.DestroyDomainAsync(uuid, CancellationToken) : hypervisor.ShutdownDomainAsync(uuid, CancellationToken);
    }
}
