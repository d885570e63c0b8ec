using System;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>virDomainSnapshotState: the domain state a snapshot captured (<c>&lt;state&gt;</c> of its XML).</summary>
    public enum DomainSnapshotState
    {
        NoState = 0, Running = 1, Blocked = 2, Paused = 3, Shutdown = 4, Shutoff = 5, Crashed = 6, PmSuspended = 7, DiskSnapshot = 8,
    }

    /// <summary>virDomainSnapshotCreateFlags.</summary>
    [Flags]
    public enum DomainSnapshotCreateFlags : uint
    {
        None = 0, Redefine = 1, Current = 2, NoMetadata = 4, Halt = 8, DiskOnly = 16, ReuseExternal = 32, Quiesce = 64,
        Atomic = 128, Live = 256, Validate = 512,
    }

    /// <summary>virDomainSnapshotDeleteFlags.</summary>
    [Flags]
    public enum DomainSnapshotDeleteFlags : uint
    {
        None = 0, Children = 1, MetadataOnly = 2, ChildrenOnly = 4,
    }

    /// <summary>virDomainSnapshotRevertFlags.</summary>
    [Flags]
    public enum DomainSnapshotRevertFlags : uint
    {
        None = 0, Running = 1, Paused = 2, Force = 4, ResetNvram = 8,
    }

    /// <summary>virDomainDeviceModifyFlags (= virDomainModificationImpact plus FORCE for update).</summary>
    [Flags]
    public enum DomainDeviceModifyFlags : uint
    {
        Current = 0, Live = 1, Config = 2, Force = 4,
    }

    /// <summary>One snapshot as the drivers report it: what its XML says plus whether it is current and has metadata.</summary>
    public sealed class DomainSnapshotInfo
    {
        public DomainSnapshotInfo(string domainName, Guid domainUuid, string name, string? parent, DateTimeOffset? creationTime,
            DomainSnapshotState state, string? description, bool isCurrent, bool hasMetadata, string memory, string xml)
        {
            DomainName = domainName;
            DomainUuid = domainUuid;
            Name = name;
            Parent = parent;
            CreationTime = creationTime;
            State = state;
            Description = description;
            IsCurrent = isCurrent;
            HasMetadata = hasMetadata;
            Memory = memory;
            Xml = xml;
        }

        public string DomainName { get; }
        public Guid DomainUuid { get; }
        public string Name { get; }
        /// <summary>The parent in the snapshot tree; null for a root.</summary>
        public string? Parent { get; }
        public DateTimeOffset? CreationTime { get; }
        public DomainSnapshotState State { get; }
        public string? Description { get; }
        public bool IsCurrent { get; }
        public bool HasMetadata { get; }
        /// <summary>Where the memory state went: internal, external or no (<c>&lt;memory snapshot=…&gt;</c>).</summary>
        public string Memory { get; }
        /// <summary>The snapshot XML as the driver gave it.</summary>
        public string Xml { get; }

        /// <summary>Builds the info from a snapshot's XML (virDomainSnapshotGetXMLDesc).</summary>
        public static DomainSnapshotInfo FromXml(string domainName, Guid domainUuid, string name, string xml, bool isCurrent, bool hasMetadata)
        {
            var p = DomainSnapshotXml.Parse(xml);
            return new DomainSnapshotInfo(domainName, domainUuid, name, p.Parent, p.CreationTime, p.State, p.Description,
                isCurrent, hasMetadata, p.Memory, xml);
        }
    }

    /// <summary>Reads the parts of a <c>&lt;domainsnapshot&gt;</c> document that Get-LibvirtDomainSnapshot shows.</summary>
    public static class DomainSnapshotXml
    {
        public sealed class Parts
        {
            public string? Name;
            public string? Description;
            public string? Parent;
            public DateTimeOffset? CreationTime;
            public DomainSnapshotState State;
            public string Memory = "";
        }

        /// <summary>The XML names of <see cref="DomainSnapshotState"/> (virDomainSnapshotState in snapshot_conf.c).</summary>
        public static readonly string[] StateNames =
            { "nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended", "disk-snapshot" };

        public static string StateName(DomainSnapshotState state) => StateNames[(int)state];

        /// <summary>
        /// Reads the top-level elements the listing needs; the embedded &lt;domain&gt; (most of the text) is skipped
        /// rather than built into a tree, which keeps listing thousands of snapshots cheap.
        /// </summary>
        public static Parts Parse(string xml)
        {
            var parts = new Parts();
            try
            {
                using (var reader = XmlReader.Create(new System.IO.StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true }))
                {
                    reader.MoveToContent();
                    if (reader.IsEmptyElement) return parts;
                    reader.Read();
                    while (!reader.EOF)
                    {
                        if (reader.NodeType != XmlNodeType.Element) { reader.Read(); continue; }
                        switch (reader.LocalName)
                        {
                            case "name": parts.Name = reader.ReadElementContentAsString(); break;
                            case "description": parts.Description = reader.ReadElementContentAsString(); break;
                            case "state":
                            {
                                int i = Array.IndexOf(StateNames, reader.ReadElementContentAsString().Trim());
                                parts.State = i < 0 ? DomainSnapshotState.NoState : (DomainSnapshotState)i;
                                break;
                            }
                            case "creationTime":
                                if (long.TryParse(reader.ReadElementContentAsString().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var secs))
                                    parts.CreationTime = DateTimeOffset.FromUnixTimeSeconds(secs);
                                break;
                            case "memory":
                                parts.Memory = reader.GetAttribute("snapshot") ?? "";
                                reader.Skip();
                                break;
                            case "parent":
                                parts.Parent = (string?)XElement.Load(reader.ReadSubtree()).Element("name");
                                reader.Skip();
                                break;
                            default:
                                reader.Skip();
                                break;
                        }
                    }
                }
            }
            catch (XmlException e)
            {
                throw new LibvirtException(LibvirtErrorCode.XmlError, LibvirtErrorDomain.DomainSnapshot, "snapshot XML from the daemon: " + e.Message);
            }
            return parts;
        }
    }
}
