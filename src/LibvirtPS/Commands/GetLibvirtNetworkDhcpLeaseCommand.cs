using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Get-LibvirtNetworkDhcpLease: the DHCP leases a network handed out (virNetworkGetDHCPLeases).</summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtNetworkDhcpLease", DefaultParameterSetName = ByName)]
    [OutputType(typeof(NetworkDhcpLease))]
    public sealed class GetLibvirtNetworkDhcpLeaseCommand : LibvirtNetworkCommandBase
    {
        /// <summary>Only the leases of this MAC address (libvirt compares it case-insensitively).</summary>
        [Parameter]
        [ValidatePattern("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
        public string? MacAddress { get; set; }

        protected override string Action => "Get DHCP leases";

        protected override string ErrorId => "GetNetworkDhcpLeasesFailed";

        protected override void Act(LibvirtConnection connection, NetworkInfo network)
        {
            if (!TryRun(connection, connection.Hypervisor.GetNetworkDhcpLeasesAsync(network, MacAddress, CancellationToken), ErrorId, network.Name, out var leases))
                return;
            foreach (var lease in leases) WriteObject(lease);
        }
    }
}
