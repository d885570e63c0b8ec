using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Resume-LibvirtDomain: resumes paused domains (virDomainResume).</summary>
    [Cmdlet(VerbsLifecycle.Resume, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class ResumeLibvirtDomainCommand : LibvirtDomainLifecycleCommandBase
    {

        protected override string Action => "Resume";

        protected override string ErrorId => "ResumeDomainFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid uuid) => hypervisor.ResumeDomainAsync(uuid, CancellationToken);
    }
}
