using System;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Drivers
{
    // The QEMU guest agent (libvirt-qemu's virDomainQemuAgentCommand, program QEMU).
    public partial interface IHypervisor
    {
        /// <summary>
        /// virDomainQemuAgentCommand: sends <paramref name="command"/> (agent JSON) to the guest agent of the domain with
        /// this uuid and returns the agent's JSON reply text (null when libvirt gives none). <paramref name="timeoutSeconds"/>:
        /// seconds, or libvirt's -2 (block), -1 (default), 0 (no wait).
        /// </summary>
        Task<string?> GuestAgentCommandAsync(Guid domainUuid, string command, int timeoutSeconds, CancellationToken cancellationToken);
    }
}
