using System;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>Device changes from device XML (virDomainAttachDeviceFlags / DetachDeviceFlags / UpdateDeviceFlags).</summary>
    public partial interface IHypervisor
    {
        Task AttachDeviceAsync(Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken cancellationToken);

        Task DetachDeviceAsync(Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken cancellationToken);

        Task UpdateDeviceAsync(Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken cancellationToken);
    }
}
