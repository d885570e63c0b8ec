using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Restart-LibvirtDomain: reboots running domains (virDomainReboot).</summary>
    [Cmdlet(VerbsLifecycle.Restart, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class RestartLibvirtDomainCommand : LibvirtDomainLifecycleCommandBase
    {

        protected override string Action => "Restart";

        protected override string ErrorId => "RebootDomainFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid uuid) => hypervisor.RebootDomainAsync(uuid, CancellationToken);
    }
}
