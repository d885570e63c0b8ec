using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Events;
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

        /// <summary>
        /// Wait until the domain is shut off: subscribed to lifecycle events before the shutdown is sent (the STOPPED
        /// event ends the wait), polling the state where the daemon has no events.
        /// </summary>
        [Parameter]
        // hides the base class's Wait(Task) helper on purpose: PowerShell users know the switch as -Wait
        public new SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait at most for each domain (default 60); then an OperationTimeout error for that domain.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = 60;

        protected override string Action => Force ? "Stop (destroy)" : "Stop (shutdown)";

        protected override string ErrorId => Force ? "DestroyDomainFailed" : "ShutdownDomainFailed";

        protected override bool HighImpact => Force;

        protected override Task Operation(IHypervisor hypervisor, Guid uuid)
        {
            Func<Task> stop = () => Force ? hypervisor.DestroyDomainAsync(uuid, CancellationToken) : hypervisor.ShutdownDomainAsync(uuid, CancellationToken);
            if (!Wait) return stop();
            return DomainShutoffWaiter.StopAndWaitAsync(hypervisor, uuid, null, stop, TimeSpan.FromSeconds(Timeout), TimeSpan.FromMilliseconds(500), CancellationToken);
        }
    }
}
