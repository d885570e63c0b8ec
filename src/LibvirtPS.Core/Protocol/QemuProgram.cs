namespace LibvirtPS.Core.Protocol
{
    /// <summary>The QEMU program (<c>qemu_protocol.x</c>): libvirt-qemu's extra APIs, served by the same daemon connection.</summary>
    public static class QemuProgram
    {
        /// <summary>QEMU_PROGRAM.</summary>
        public const uint Program = 0x20008087;

        /// <summary>QEMU_PROTOCOL_VERSION.</summary>
        public const uint Version = 1;
    }

    /// <summary><c>enum qemu_procedure</c> (the ones we call).</summary>
    public enum QemuProcedure
    {
        DomainMonitorCommand = 1,
        DomainAttach = 2,
        DomainAgentCommand = 3,
    }
}
