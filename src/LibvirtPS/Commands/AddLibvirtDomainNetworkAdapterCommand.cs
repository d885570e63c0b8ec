using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Add-LibvirtDomainNetworkAdapter: attaches a network interface (virsh attach-interface) on a libvirt network or a host bridge.</summary>
    [Cmdlet(VerbsCommon.Add, "LibvirtDomainNetworkAdapter", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class AddLibvirtDomainNetworkAdapterCommand : LibvirtDomainDeviceCommandBase
    {
        /// <summary>A libvirt network (interface type network).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Network { get; set; }

        /// <summary>A host bridge (interface type bridge).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Bridge { get; set; }

        /// <summary>The NIC model: virtio, e1000, rtl8139…</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Model { get; set; }

        /// <summary>The MAC address (aa:bb:cc:dd:ee:ff); libvirt generates one when omitted.</summary>
        [Parameter]
        [ValidatePattern("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
        public string? MacAddress { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if ((Network == null) == (Bridge == null))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give either -Network or -Bridge."), "NetworkOrBridge", ErrorCategory.InvalidArgument, null));
        }

        protected override string Action => "Attach network adapter on " + (Network != null ? "network '" + Network + "'" : "bridge '" + Bridge + "'");

        protected override string ErrorId => "AddNetworkAdapterFailed";

        protected override Task<string> DeviceXmlForAsync(LibvirtConnection connection, DomainInfo domain, CancellationToken cancellationToken) =>
            Task.FromResult(Network != null ? DeviceXml.Interface("network", Network, MacAddress, Model) : DeviceXml.Interface("bridge", Bridge!, MacAddress, Model));

        protected override Task Operation(IHypervisor hypervisor, Guid uuid, string xml, DomainDeviceModifyFlags flags) =>
            hypervisor.AttachDeviceAsync(uuid, xml, flags, CancellationToken);
    }
}
