using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>A domain snapshot as Get-LibvirtDomainSnapshot writes it, with the connection it came from.</summary>
    public sealed class LibvirtDomainSnapshot
    {
        public LibvirtDomainSnapshot(DomainSnapshotInfo info, LibvirtConnection connection)
        {
            Info = info ?? throw new ArgumentNullException(nameof(info));
            Connection = connection ?? throw new ArgumentNullException(nameof(connection));
        }

        internal DomainSnapshotInfo Info { get; }

        public string Name => Info.Name;
        /// <summary>The domain's name (bound by property name as -DomainName by the snapshot cmdlets).</summary>
        public string DomainName => Info.DomainName;
        public Guid DomainUuid => Info.DomainUuid;
        /// <summary>The parent snapshot's name; null for a root of the tree.</summary>
        public string? Parent => Info.Parent;
        public DateTimeOffset? CreationTime => Info.CreationTime;
        public DomainSnapshotState State => Info.State;
        public bool IsCurrent => Info.IsCurrent;
        public bool HasMetadata => Info.HasMetadata;
        public string? Description => Info.Description;
        /// <summary>internal, external or no.</summary>
        public string Memory => Info.Memory;
        public string Xml => Info.Xml;
        public LibvirtConnection Connection { get; }

        public override string ToString() => Name;
    }
}
