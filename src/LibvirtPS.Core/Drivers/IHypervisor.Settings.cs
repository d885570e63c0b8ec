using System;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Drivers
{
    // Domain settings (memory, vCPUs), save/restore, undefine flags and host facts: Set-/Save-/Restore-/Remove-LibvirtDomain, Get-LibvirtHost.
    public partial interface IHypervisor
    {
        /// <summary>
        /// The balloon size in KiB. <paramref name="impact"/> null: virDomainSetMemory (the driver's default; LIVE for
        /// the test and QEMU drivers), as virsh setmem without --live/--config/--current; else virDomainSetMemoryFlags.
        /// </summary>
        Task SetDomainMemoryAsync(Guid uuid, ulong kib, DomainModificationImpact? impact, CancellationToken cancellationToken);

        /// <summary>
        /// The maximum memory in KiB. <paramref name="impact"/> null: virDomainSetMaxMemory, as virsh setmaxmem without
        /// flags; else virDomainSetMemoryFlags with VIR_DOMAIN_MEM_MAXIMUM (4).
        /// </summary>
        Task SetDomainMaxMemoryAsync(Guid uuid, ulong kib, DomainModificationImpact? impact, CancellationToken cancellationToken);

        /// <summary>
        /// The vCPU count (the maximum with <paramref name="maximum"/>: VIR_DOMAIN_VCPU_MAXIMUM 4, which libvirt only
        /// takes with CONFIG). <paramref name="impact"/> null: virDomainSetVcpus; else virDomainSetVcpusFlags.
        /// </summary>
        Task SetDomainVcpusAsync(Guid uuid, uint count, DomainModificationImpact? impact, bool maximum, CancellationToken cancellationToken);

        /// <summary>virDomainGetVcpusFlags: the current (or maximum) vCPU count of the live or persistent definition.</summary>
        Task<int> GetDomainVcpusAsync(Guid uuid, DomainModificationImpact impact, bool maximum, CancellationToken cancellationToken);

        /// <summary>virDomainSave (flags None) or virDomainSaveFlags: saves a running domain's state to a file on the daemon's host and stops it.</summary>
        Task SaveDomainAsync(Guid uuid, string path, DomainSaveFlags flags, CancellationToken cancellationToken);

        /// <summary>virDomainRestore (flags None) or virDomainRestoreFlags: starts the domain saved in a file on the daemon's host.</summary>
        Task RestoreDomainAsync(string path, DomainSaveFlags flags, CancellationToken cancellationToken);

        /// <summary>virDomainSaveImageGetXMLDesc: the domain XML inside a save file on the daemon's host.</summary>
        Task<string> GetSaveImageXmlAsync(string path, CancellationToken cancellationToken);

        /// <summary>virDomainManagedSave: saves to libvirt's own managed file; the next start resumes from it.</summary>
        Task ManagedSaveDomainAsync(Guid uuid, DomainSaveFlags flags, CancellationToken cancellationToken);

        /// <summary>virDomainHasManagedSaveImage.</summary>
        Task<bool> HasManagedSaveImageAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virDomainUndefineFlags (flags None: virDomainUndefine).</summary>
        Task UndefineDomainFlagsAsync(Guid uuid, DomainUndefineFlags flags, CancellationToken cancellationToken);

        /// <summary>virNodeGetFreeMemory: free memory of the host in bytes.</summary>
        Task<ulong> GetNodeFreeMemoryAsync(CancellationToken cancellationToken);

        /// <summary>virConnectGetCapabilities: the host capabilities XML.</summary>
        Task<string> GetHostCapabilitiesXmlAsync(CancellationToken cancellationToken);
    }
}
