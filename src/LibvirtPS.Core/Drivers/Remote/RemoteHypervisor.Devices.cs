using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Protocol;

namespace LibvirtPS.Core.Drivers.Remote
{
    // Device changes: always the *_FLAGS procedures (flags 0 = VIR_DOMAIN_AFFECT_CURRENT), as virsh does when given
    // --live/--config/--current.
    public sealed partial class RemoteHypervisor
    {
        public Task AttachDeviceAsync(Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken cancellationToken) =>
            DeviceCallAsync(RemoteProcedure.DomainAttachDeviceFlags, domainUuid, xml, flags, cancellationToken);

        public Task DetachDeviceAsync(Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken cancellationToken) =>
            DeviceCallAsync(RemoteProcedure.DomainDetachDeviceFlags, domainUuid, xml, flags, cancellationToken);

        public Task UpdateDeviceAsync(Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken cancellationToken) =>
            DeviceCallAsync(RemoteProcedure.DomainUpdateDeviceFlags, domainUuid, xml, flags, cancellationToken);

        private async Task DeviceCallAsync(RemoteProcedure procedure, Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken ct)
        {
            if (xml == null) throw new ArgumentNullException(nameof(xml));
            var dom = await DomainRefAsync(domainUuid, ct).ConfigureAwait(false);
            Trace(procedure + " on '" + dom.Name + "' flags 0x" + ((uint)flags).ToString("x"));
            await CallVoidAsync(procedure, DeviceArgs(dom, xml, flags), ct).ConfigureAwait(false);
        }

        /// <summary>The args as they go on the wire (tests compare their encoding).</summary>
        public static DomainDeviceFlagsArgs DeviceArgs(RemoteNonnullDomain dom, string xml, DomainDeviceModifyFlags flags) =>
            new DomainDeviceFlagsArgs { Dom = dom, Xml = xml, Flags = (uint)flags };
    }
}
