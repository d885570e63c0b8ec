using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// The seam between the cmdlets and a hypervisor connection. Two implementations: the remote driver
    /// (libvirt's RPC protocol over a transport) and the embedded test driver (test:///default in-process).
    /// Both return the same types, so a script tested against test:///default runs against a real host.
    /// Every method is thread-safe and may be called concurrently; errors are LibvirtException with
    /// libvirt's code, domain and message.
    /// Partial: each area (networks, storage, snapshots, events, ...) declares its members in its own
    /// IHypervisor.&lt;Area&gt;.cs, implemented in RemoteHypervisor.&lt;Area&gt;.cs and TestHypervisor.&lt;Area&gt;.cs.
    /// </summary>
    public partial interface IHypervisor : IDisposable
    {
        /// <summary>False once the connection is closed or has died.</summary>
        bool IsAlive { get; }

        /// <summary>Why the connection died, when it did.</summary>
        Exception? CloseReason { get; }

        /// <summary>Raised once when the connection closes or dies (argument: the reason, null for a normal close).</summary>
        event EventHandler<Exception?>? Closed;

        Task<HypervisorIdentity> GetIdentityAsync(CancellationToken cancellationToken);

        Task<NodeInfo> GetNodeInfoAsync(CancellationToken cancellationToken);

        /// <summary>Every domain matching <paramref name="flags"/>, with state and info, in as few round trips as the driver allows.</summary>
        Task<IReadOnlyList<DomainInfo>> ListDomainsAsync(DomainListFlags flags, CancellationToken cancellationToken);

        /// <summary>
        /// Every domain matching <paramref name="flags"/> with name, id, UUID, state, persistence and autostart from
        /// the bulk procedures alone. Max memory, memory, vCPUs and CPU time are there when the driver's bulk stats
        /// carry them (QEMU's do); where they do not (libvirt's test driver), the domain has
        /// <see cref="DomainInfo.HasDetails"/> false and <see cref="GetDomainDetailsAsync"/> reads them later.
        /// </summary>
        Task<IReadOnlyList<DomainInfo>> ListDomainsBulkAsync(DomainListFlags flags, CancellationToken cancellationToken);

        /// <summary>
        /// The details (max memory, memory, vCPUs, CPU time, and the state now) of listed domains, in one pipelined
        /// burst; a domain that no longer exists is left out.
        /// </summary>
        Task<IReadOnlyDictionary<Guid, DomainInfo>> GetDomainDetailsAsync(IReadOnlyList<DomainInfo> domains, CancellationToken cancellationToken);

        /// <summary>One domain by name; <c>NoDomain</c> error when there is none.</summary>
        Task<DomainInfo> LookupDomainByNameAsync(string name, CancellationToken cancellationToken);

        Task<DomainInfo> LookupDomainByIdAsync(int id, CancellationToken cancellationToken);

        Task<DomainInfo> LookupDomainByUuidAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virDomainCreate (or virDomainCreateWithFlags START_PAUSED when <paramref name="paused"/>): starts an inactive domain.</summary>
        Task StartDomainAsync(Guid uuid, bool paused, CancellationToken cancellationToken);

        /// <summary>virDomainShutdown: asks the guest to shut down (graceful).</summary>
        Task ShutdownDomainAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virDomainDestroy: stops the domain at once (force).</summary>
        Task DestroyDomainAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virDomainReboot with flags 0.</summary>
        Task RebootDomainAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virDomainSuspend: pauses the domain's vCPUs.</summary>
        Task SuspendDomainAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virDomainResume: resumes a paused domain.</summary>
        Task ResumeDomainAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virDomainGetXMLDesc with SECURE (1) and/or INACTIVE (2).</summary>
        Task<string> GetDomainXmlAsync(Guid uuid, bool inactive, bool secure, CancellationToken cancellationToken);

        /// <summary>virDomainDefineXML: defines (or redefines) a persistent domain from its XML; returns it as defined.</summary>
        Task<DomainInfo> DefineDomainAsync(string xml, CancellationToken cancellationToken);

        /// <summary>virDomainCreateXML (START_PAUSED when <paramref name="paused"/>): starts a transient domain from its XML.</summary>
        Task<DomainInfo> CreateDomainAsync(string xml, bool paused, CancellationToken cancellationToken);

        /// <summary>virDomainUndefine: removes the domain's persistent definition (a running domain becomes transient).</summary>
        Task UndefineDomainAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virDomainSetAutostart.</summary>
        Task SetDomainAutostartAsync(Guid uuid, bool autostart, CancellationToken cancellationToken);

        /// <summary>Closes the connection (CONNECT_CLOSE for remote); safe to call twice.</summary>
        Task CloseAsync(CancellationToken cancellationToken);
    }
}
