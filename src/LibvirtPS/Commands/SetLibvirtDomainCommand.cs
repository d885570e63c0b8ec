using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Set-LibvirtDomain: changes domain settings; -Autostart (virDomainSetAutostart).</summary>
    [Cmdlet(VerbsCommon.Set, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class SetLibvirtDomainCommand : LibvirtDomainLifecycleCommandBase
    {
        /// <summary>Whether the domain starts when the host (libvirtd) starts.</summary>
        [Parameter(Mandatory = true)]
        public bool Autostart { get; set; }

        protected override string Action => "Set autostart to " + (Autostart ? "true" : "false");

        protected override string ErrorId => "SetDomainAutostartFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid uuid) => hypervisor.SetDomainAutostartAsync(uuid, Autostart, CancellationToken);
    }
}
