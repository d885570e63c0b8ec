using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    // libvirt's test driver has no domainQemuAgentCommand: virDomainQemuAgentCommand fails with NO_SUPPORT from
    // libvirt-qemu (error domain none), the same error a daemon's test driver sends back.
    public sealed partial class TestHypervisor
    {
        public Task<string?> GuestAgentCommandAsync(Guid domainUuid, string command, int timeoutSeconds, CancellationToken cancellationToken)
        {
            if (command == null) throw new ArgumentNullException(nameof(command));
            var lookup = LookupDomainByUuidAsync(domainUuid, cancellationToken);
            if (lookup.IsCanceled) return Task.FromCanceled<string?>(cancellationToken);
            if (lookup.IsFaulted) return Task.FromException<string?>(lookup.Exception!.InnerException!);
            return Run<string?>("virDomainQemuAgentCommand", cancellationToken, () =>
                throw NotSupported(LibvirtErrorDomain.None, "virDomainQemuAgentCommand"));
        }
    }
}
