using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Update-LibvirtDomainDevice: virDomainUpdateDeviceFlags (virsh update-device) from the device's XML.</summary>
    [Cmdlet(VerbsData.Update, "LibvirtDomainDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class UpdateLibvirtDomainDeviceCommand : LibvirtDomainDeviceXmlCommandBase
    {
        /// <summary>VIR_DOMAIN_DEVICE_MODIFY_FORCE: force the change (for example ejecting a locked CD-ROM).</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        protected override DomainDeviceModifyFlags ExtraFlags => Force ? DomainDeviceModifyFlags.Force : DomainDeviceModifyFlags.Current;

        protected override string Action => "Update device";

        protected override string ErrorId => "UpdateDeviceFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid uuid, string xml, DomainDeviceModifyFlags flags) =>
            hypervisor.UpdateDeviceAsync(uuid, xml, flags, CancellationToken);
    }
}
