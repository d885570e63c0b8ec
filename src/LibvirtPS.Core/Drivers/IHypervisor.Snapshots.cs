using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>Domain snapshots (virDomainSnapshot*). The domain is named by its UUID, the snapshot by its name.</summary>
    public partial interface IHypervisor
    {
        /// <summary>virDomainListAllSnapshots (flags 0) with each snapshot's XML, current flag and metadata flag.</summary>
        Task<IReadOnlyList<DomainSnapshotInfo>> ListDomainSnapshotsAsync(Guid domainUuid, CancellationToken cancellationToken);

        /// <summary>virDomainSnapshotLookupByName and its details; NoDomainSnapshot error when there is none.</summary>
        Task<DomainSnapshotInfo> GetDomainSnapshotAsync(Guid domainUuid, string name, CancellationToken cancellationToken);

        /// <summary>virDomainSnapshotCurrent and its details; NoDomainSnapshot error when the domain has no current snapshot.</summary>
        Task<DomainSnapshotInfo> GetCurrentDomainSnapshotAsync(Guid domainUuid, CancellationToken cancellationToken);

        /// <summary>virDomainSnapshotCreateXML; returns the new snapshot's details.</summary>
        Task<DomainSnapshotInfo> CreateDomainSnapshotAsync(Guid domainUuid, string xml, DomainSnapshotCreateFlags flags, CancellationToken cancellationToken);

        /// <summary>virDomainSnapshotDelete.</summary>
        Task DeleteDomainSnapshotAsync(Guid domainUuid, string name, DomainSnapshotDeleteFlags flags, CancellationToken cancellationToken);

        /// <summary>virDomainRevertToSnapshot.</summary>
        Task RevertToDomainSnapshotAsync(Guid domainUuid, string name, DomainSnapshotRevertFlags flags, CancellationToken cancellationToken);
    }
}
