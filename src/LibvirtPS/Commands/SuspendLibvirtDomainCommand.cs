using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Suspend-LibvirtDomain: pauses running domains (virDomainSuspend).</summary>
    [Cmdlet(VerbsLifecycle.Suspend, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class SuspendLibvirtDomainCommand : LibvirtDomainLifecycleCommandBase
    {

        protected override string Action => "Suspend";

        protected override string ErrorId => "SuspendDomainFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid uuid) => hypervisor.SuspendDomainAsync(uuid, CancellationToken);
    }
}
