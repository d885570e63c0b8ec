using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// libvirt 9.0's test driver has no device hot-plug: virDomainAttachDeviceFlags, DetachDeviceFlags and
    /// UpdateDeviceFlags fail in libvirt-domain.c with VIR_ERR_NO_SUPPORT from the Domain Config part (verified with
    /// python-libvirt against libvirtd: code 3, domain 20, "this function is not supported by the connection driver:
    /// virDomainAttachDeviceFlags"). The argument and read-only checks come first, as in libvirt.
    /// </summary>
    public sealed partial class TestHypervisor
    {
        public Task AttachDeviceAsync(Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken cancellationToken) =>
            Unsupported("virDomainAttachDeviceFlags", domainUuid, xml, cancellationToken);

        public Task DetachDeviceAsync(Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken cancellationToken) =>
            Unsupported("virDomainDetachDeviceFlags", domainUuid, xml, cancellationToken);

        public Task UpdateDeviceAsync(Guid domainUuid, string xml, DomainDeviceModifyFlags flags, CancellationToken cancellationToken) =>
            Unsupported("virDomainUpdateDeviceFlags", domainUuid, xml, cancellationToken);

        private Task Unsupported(string function, Guid domainUuid, string xml, CancellationToken cancellationToken) =>
            Run<bool>(function, cancellationToken, () =>
            {
                // the client looks the domain up first (a missing domain fails there)
                lock (State.SyncRoot)
                {
                    if (State.FindByUuid(domainUuid) == null) throw TestDriverErrors.NoDomain();
                }
                if (xml == null) throw TestDriverErrors.NullArg("xml", function);
                if (ReadOnly) throw TestDriverErrors.ReadOnly(function);
                throw TestDriverErrors.Make(LibvirtErrorCode.NoSupport, LibvirtErrorDomain.Domain,
                    "this function is not supported by the connection driver: " + function, function);
            });
    }
}
