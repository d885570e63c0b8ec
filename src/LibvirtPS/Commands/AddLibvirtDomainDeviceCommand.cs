using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Add-LibvirtDomainDevice: virDomainAttachDeviceFlags (virsh attach-device) from the device's XML.</summary>
    [Cmdlet(VerbsCommon.Add, "LibvirtDomainDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class AddLibvirtDomainDeviceCommand : LibvirtDomainDeviceXmlCommandBase
    {
        protected override string Action => "Attach device";

        protected override string ErrorId => "AddDeviceFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid uuid, string xml, DomainDeviceModifyFlags flags) =>
            hypervisor.AttachDeviceAsync(uuid, xml, flags, CancellationToken);
    }
}
