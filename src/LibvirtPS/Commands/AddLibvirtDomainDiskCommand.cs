using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Add-LibvirtDomainDisk: attaches a disk image (virsh attach-disk): the &lt;disk&gt; XML is built here, then virDomainAttachDeviceFlags.</summary>
    [Cmdlet(VerbsCommon.Add, "LibvirtDomainDisk", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class AddLibvirtDomainDiskCommand : LibvirtDomainDeviceCommandBase
    {
        /// <summary>The image file (or block device with -SourceType block) on the host.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Source { get; set; }

        /// <summary>The guest's device name, for example vdb, sdb or hdc.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Target { get; set; }

        /// <summary>The target bus (virtio, scsi, sata, ide, usb…); libvirt picks one from the name when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Bus { get; set; }

        /// <summary>The image format (driver type): raw, qcow2…</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Format { get; set; }

        /// <summary>The driver name (for example qemu).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Driver { get; set; }

        /// <summary>The guest device kind (virsh --type): disk, cdrom, floppy or lun; omitted: libvirt's default (disk).</summary>
        [Parameter]
        [ValidateSet("disk", "cdrom", "floppy", "lun")]
        public string? Device { get; set; }

        /// <summary>file (default) or block.</summary>
        [Parameter]
        [ValidateSet("file", "block")]
        public string SourceType { get; set; } = "file";

        /// <summary>Attach read-only.</summary>
        [Parameter]
        public SwitchParameter ReadOnly { get; set; }

        protected override string Action => "Attach disk '" + Source + "' as " + Target;

        protected override string ErrorId => "AddDiskFailed";

        protected override Task<string> DeviceXmlForAsync(LibvirtConnection connection, DomainInfo domain, CancellationToken cancellationToken) =>
            Task.FromResult(DeviceXml.Disk(Source!, Target!, SourceType, Device, Bus, Driver, Format, ReadOnly));

        protected override Task Operation(IHypervisor hypervisor, Guid uuid, string xml, DomainDeviceModifyFlags flags) =>
            hypervisor.AttachDeviceAsync(uuid, xml, flags, CancellationToken);
    }
}
