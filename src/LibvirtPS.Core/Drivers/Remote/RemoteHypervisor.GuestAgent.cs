using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Protocol;

namespace LibvirtPS.Core.Drivers.Remote
{
    // virDomainQemuAgentCommand: QEMU program 0x20008087 v1, procedure 3, on the same connection as the REMOTE program.
    public sealed partial class RemoteHypervisor
    {
        /// <summary>libvirt's VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK (-2): wait for the agent without limit.</summary>
        public const int AgentTimeoutBlock = -2;

        public async Task<string?> GuestAgentCommandAsync(Guid domainUuid, string command, int timeoutSeconds, CancellationToken cancellationToken)
        {
            if (command == null) throw new ArgumentNullException(nameof(command));
            var dom = await DomainRefAsync(domainUuid, cancellationToken).ConfigureAwait(false);
            // the RPC wait must outlast the agent's own timeout (the daemon answers with its error when that expires)
            TimeSpan? wait = timeoutSeconds == AgentTimeoutBlock ? System.Threading.Timeout.InfiniteTimeSpan
                : timeoutSeconds > 0 ? _options.Timeout + TimeSpan.FromSeconds(timeoutSeconds) : (TimeSpan?)null;
            var r = await _rpc.CallAsync<QemuDomainAgentCommandArgs, QemuDomainAgentCommandRet>(QemuProgram.Program, QemuProgram.Version,
                (int)QemuProcedure.DomainAgentCommand, GuestAgentCommand.Request(dom, command, timeoutSeconds), cancellationToken, wait).ConfigureAwait(false);
            return r.Result;
        }
    }

    /// <summary>The agent command's request as libvirt-qemu sends it (flags 0).</summary>
    public static class GuestAgentCommand
    {
        public static QemuDomainAgentCommandArgs Request(RemoteNonnullDomain dom, string command, int timeoutSeconds) =>
            new QemuDomainAgentCommandArgs { Dom = dom, Cmd = command, Timeout = timeoutSeconds, Flags = 0 };
    }
}
