using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Remove-LibvirtDomainDevice: virDomainDetachDeviceFlags (virsh detach-device) from the device's XML.</summary>
    [Cmdlet(VerbsCommon.Remove, "LibvirtDomainDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class RemoveLibvirtDomainDeviceCommand : LibvirtDomainDeviceXmlCommandBase
    {
        protected override string Action => "Detach device";

        protected override string ErrorId => "DetachDeviceFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid uuid, string xml, DomainDeviceModifyFlags flags) =>
            hypervisor.DetachDeviceAsync(uuid, xml, flags, CancellationToken);
    }
}
