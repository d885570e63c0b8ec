using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Dismount-LibvirtDomainCdrom: ejects the medium of a CD-ROM or floppy (virsh change-media --eject). The disk is found in the domain's XML (live, or the definition with
    /// -Config) by target or source path; the changed &lt;disk&gt; goes to virDomainUpdateDeviceFlags.
    /// </summary>
    [Cmdlet(VerbsData.Dismount, "LibvirtDomainCdrom", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class DismountLibvirtDomainCdromCommand : LibvirtDomainDeviceCommandBase
    {
        /// <summary>The CD-ROM's target (hdc, sda…) or its current source path.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Target { get; set; }

        /// <summary>VIR_DOMAIN_DEVICE_MODIFY_FORCE: change the medium even if the guest has locked the tray.</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        protected override DomainDeviceModifyFlags ExtraFlags => Force ? DomainDeviceModifyFlags.Force : DomainDeviceModifyFlags.Current;

        protected override string Action => "Eject the medium of " + Target;

        protected override string ErrorId => "ChangeMediaFailed";

        protected override async Task<string> DeviceXmlForAsync(LibvirtConnection connection, DomainInfo domain, CancellationToken cancellationToken)
        {
            // virsh reads the inactive definition for --config, else the live XML
            var xml = await connection.Hypervisor.GetDomainXmlAsync(domain.Uuid, Config && !Live, false, cancellationToken).ConfigureAwait(false);
            return DeviceXml.ChangeMedia(xml, Target!, null);
        }

        protected override Task Operation(IHypervisor hypervisor, Guid uuid, string xml, DomainDeviceModifyFlags flags) =>
            hypervisor.UpdateDeviceAsync(uuid, xml, flags, CancellationToken);
    }
}
