using LibvirtPS.Core.Rpc;

// QEMU_PROC_DOMAIN_AGENT_COMMAND (3) of qemu_protocol.x.
namespace LibvirtPS.Core.Protocol
{
    /// <summary><c>qemu_domain_agent_command_args</c>.</summary>
    [XdrStruct]
    public sealed partial class QemuDomainAgentCommandArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public string Cmd { get; set; } = "";

        public int Timeout { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary><c>qemu_domain_agent_command_ret</c>: the agent's reply (remote_string: may be null).</summary>
    [XdrStruct]
    public sealed partial class QemuDomainAgentCommandRet
    {
        [XdrOptional]
        public string? Result { get; set; }
    }
}
