using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// Snapshots as libvirt 9.0's test driver keeps them (testDomainSnapshot*), checked against libvirtd's test:///default
    /// with virsh and python-libvirt: creation takes the domain's definition and state, the new snapshot's parent is the
    /// current one and it becomes current; delete re-parents children (or drops them with CHILDREN/CHILDREN_ONLY) and moves
    /// "current" to the parent; revert restores the definition and state (a snapshot of a running or paused domain restarts
    /// it with a new id, reason from-snapshot). Redefinition (REDEFINE [| CURRENT]) is in TestHypervisor.SnapshotRedefine.cs.
    /// </summary>
    public sealed partial class TestHypervisor
    {
        // virDomain*Reason FROM_SNAPSHOT values
        private const int RunningFromSnapshot = 4, PausedFromSnapshot = 7, ShutoffFromSnapshot = 7;

        private const DomainSnapshotCreateFlags CreateFlagsSupported =
            DomainSnapshotCreateFlags.Redefine | DomainSnapshotCreateFlags.Current | DomainSnapshotCreateFlags.Halt |
            DomainSnapshotCreateFlags.Quiesce | DomainSnapshotCreateFlags.Atomic | DomainSnapshotCreateFlags.Live |
            DomainSnapshotCreateFlags.Validate;

        public Task<IReadOnlyList<DomainSnapshotInfo>> ListDomainSnapshotsAsync(Guid domainUuid, CancellationToken cancellationToken) =>
            Run("virDomainListAllSnapshots", cancellationToken, () =>
            {
                lock (State.SyncRoot)
                {
                    var d = State.FindByUuid(domainUuid) ?? throw TestDriverErrors.NoDomain();
                    var list = State.SnapshotsOf(d);
                    IReadOnlyList<DomainSnapshotInfo> result = list.Items.Select(s => Info(d, list, s)).ToList();
                    return result;
                }
            });

        public Task<DomainSnapshotInfo> GetDomainSnapshotAsync(Guid domainUuid, string name, CancellationToken cancellationToken) =>
            Run("virDomainSnapshotLookupByName", cancellationToken, () =>
            {
                if (name == null) throw TestDriverErrors.NullArg("name", "virDomainSnapshotLookupByName");
                lock (State.SyncRoot)
                {
                    var d = State.FindByUuid(domainUuid) ?? throw TestDriverErrors.NoDomain();
                    var list = State.SnapshotsOf(d);
                    return Info(d, list, FindSnapshot(list, name));
                }
            });

        public Task<DomainSnapshotInfo> GetCurrentDomainSnapshotAsync(Guid domainUuid, CancellationToken cancellationToken) =>
            Run("virDomainSnapshotCurrent", cancellationToken, () =>
            {
                lock (State.SyncRoot)
                {
                    var d = State.FindByUuid(domainUuid) ?? throw TestDriverErrors.NoDomain();
                    var list = State.SnapshotsOf(d);
                    if (list.Current == null)
                        throw NoSnapshot("the domain does not have a current snapshot");
                    return Info(d, list, list.Current);
                }
            });

        public Task<DomainSnapshotInfo> CreateDomainSnapshotAsync(Guid domainUuid, string xml, DomainSnapshotCreateFlags flags, CancellationToken cancellationToken) =>
            Run("virDomainSnapshotCreateXML", cancellationToken, () =>
            {
                if (xml == null) throw TestDriverErrors.NullArg("xmlDesc", "virDomainSnapshotCreateXML");
                if (ReadOnly) throw SnapshotReadOnly("virDomainSnapshotCreateXML");
                CheckCreateFlagCombinations(flags);
                if ((flags & ~CreateFlagsSupported) != 0)
                    throw TestDriverErrors.UnsupportedFlags((uint)(flags & ~CreateFlagsSupported), "testDomainSnapshotCreateXML");
                lock (State.SyncRoot)
                {
                    var d = State.FindByUuid(domainUuid) ?? throw TestDriverErrors.NoDomain();
                    if (!d.Persistent && (flags & DomainSnapshotCreateFlags.Halt) != 0)
                        throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test,
                            "Requested operation is not valid: cannot halt after transient domain snapshot", "cannot halt after transient domain snapshot");
                    var list = State.SnapshotsOf(d);
                    if ((flags & DomainSnapshotCreateFlags.Redefine) != 0)
                    {
                        var redefined = RedefineSnapshot(d, list, xml, flags); // TestHypervisor.SnapshotRedefine.cs
                        State.SyncSnapshotCount(d);
                        return Info(d, list, redefined);
                    }

                    var snap = ParseSnapshot(xml);
                    snap.State = d.State == DomainState.Shutoff ? DomainSnapshotState.Shutoff : (DomainSnapshotState)(int)d.State;
                    snap.Memory = snap.State == DomainSnapshotState.Shutoff ? "no" : "internal";
                    AlignDisks(d, snap, ((SnapshotRequest)snap).RequestedDisks);
                    if (list.Find(snap.Name) != null)
                        throw TestDriverErrors.OperationFailed(LibvirtErrorDomain.Domain, "domain moment " + snap.Name + " already exists");
                    snap.DomainXml = d.Xml;
                    snap.DomainUuid = d.Uuid;
                    snap.Parent = list.Current?.Name;
                    list.Items.Add(snap);
                    if ((flags & DomainSnapshotCreateFlags.Halt) != 0 && d.IsActive)
                    {
                        d.State = DomainState.Shutoff;
                        d.StateReason = ShutoffFromSnapshot;
                        d.Id = null;
                    }
                    list.Current = snap;
                    State.SyncSnapshotCount(d);
                    return Info(d, list, snap);
                }
            });

        public Task DeleteDomainSnapshotAsync(Guid domainUuid, string name, DomainSnapshotDeleteFlags flags, CancellationToken cancellationToken) =>
            Run("virDomainSnapshotDelete", cancellationToken, () =>
            {
                if (ReadOnly) throw SnapshotReadOnly("virDomainSnapshotDelete");
                // public API check (libvirt-domain-snapshot.c) before the driver's
                if ((flags & DomainSnapshotDeleteFlags.Children) != 0 && (flags & DomainSnapshotDeleteFlags.ChildrenOnly) != 0)
                    throw TestDriverErrors.Make(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.DomainSnapshot,
                        "Flags 'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN' and 'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY' are mutually exclusive", null);
                lock (State.SyncRoot)
                {
                    var d = State.FindByUuid(domainUuid) ?? throw TestDriverErrors.NoDomain();
                    var list = State.SnapshotsOf(d);
                    var snap = FindSnapshot(list, name);
                    if ((flags & ~(DomainSnapshotDeleteFlags.Children | DomainSnapshotDeleteFlags.ChildrenOnly)) != 0)
                        throw TestDriverErrors.UnsupportedFlags((uint)(flags & ~(DomainSnapshotDeleteFlags.Children | DomainSnapshotDeleteFlags.ChildrenOnly)), "testDomainSnapshotDelete");

                    if ((flags & (DomainSnapshotDeleteFlags.Children | DomainSnapshotDeleteFlags.ChildrenOnly)) != 0)
                    {
                        bool current = false;
                        foreach (var s in list.Descendants(snap))
                        {
                            current |= list.Current == s;
                            list.Items.Remove(s);
                        }
                        if (current) list.Current = snap;
                    }
                    else
                    {
                        foreach (var child in list.Children(snap)) child.Parent = snap.Parent;
                    }

                    if ((flags & DomainSnapshotDeleteFlags.ChildrenOnly) == 0)
                    {
                        if (list.Current == snap) list.Current = snap.Parent == null ? null : list.Find(snap.Parent);
                        list.Items.Remove(snap);
                    }
                    State.SyncSnapshotCount(d);
                    return true;
                }
            });

        public Task RevertToDomainSnapshotAsync(Guid domainUuid, string name, DomainSnapshotRevertFlags flags, CancellationToken cancellationToken) =>
            Run("virDomainRevertToSnapshot", cancellationToken, () =>
            {
                if (ReadOnly) throw SnapshotReadOnly("virDomainRevertToSnapshot");
                if ((flags & DomainSnapshotRevertFlags.Running) != 0 && (flags & DomainSnapshotRevertFlags.Paused) != 0)
                    throw TestDriverErrors.Make(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.DomainSnapshot,
                        "Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive", null);
                lock (State.SyncRoot)
                {
                    var d = State.FindByUuid(domainUuid) ?? throw TestDriverErrors.NoDomain();
                    var list = State.SnapshotsOf(d);
                    var snap = FindSnapshot(list, name);
                    if ((flags & ~(DomainSnapshotRevertFlags.Running | DomainSnapshotRevertFlags.Paused | DomainSnapshotRevertFlags.Force)) != 0)
                        throw TestDriverErrors.UnsupportedFlags((uint)(flags & ~(DomainSnapshotRevertFlags.Running | DomainSnapshotRevertFlags.Paused | DomainSnapshotRevertFlags.Force)), "testDomainRevertToSnapshot");

                    bool live = snap.State == DomainSnapshotState.Running || snap.State == DomainSnapshotState.Paused;
                    bool runOrPause = (flags & (DomainSnapshotRevertFlags.Running | DomainSnapshotRevertFlags.Paused)) != 0;
                    if (!d.Persistent && !live && !runOrPause)
                        throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test,
                            "Requested operation is not valid: transient domain needs to request run or pause to revert to inactive snapshot",
                            "transient domain needs to request run or pause to revert to inactive snapshot");

                    // libvirt 9.0 refuses a snapshot without a domain definition even with FORCE (observed)
                    if (snap.DomainXml.Length == 0)
                        throw TestDriverErrors.Make(LibvirtErrorCode.SnapshotRevertRisky, LibvirtErrorDomain.Test,
                            "revert requires force: snapshot '" + snap.Name + "' lacks domain '" + d.Name + "' rollback info", null);

                    list.Current = null;
                    RestoreDefinition(d, snap);
                    if (live)
                    {
                        // libvirt 9.0 (observed): an active domain is stopped and started again (new id), an inactive one started
                        if (d.IsActive) StopFromSnapshot(d);
                        State.Start(d, RunningFromSnapshot);
                        if ((flags & DomainSnapshotRevertFlags.Running) == 0 &&
                            (snap.State == DomainSnapshotState.Paused || (flags & DomainSnapshotRevertFlags.Paused) != 0))
                        {
                            d.State = DomainState.Paused;
                            d.StateReason = PausedFromSnapshot;
                        }
                    }
                    else if (d.IsActive)
                    {
                        // RUNNING/PAUSED only raise events here in libvirt 9.0: the domain stays shut off
                        StopFromSnapshot(d);
                    }
                    list.Current = snap;
                    return true;
                }
            });

        // ------------------------------------------------------------------ helpers

        private static void StopFromSnapshot(TestDomain d)
        {
            d.State = DomainState.Shutoff;
            d.StateReason = ShutoffFromSnapshot;
            d.Id = null;
        }

        private void RestoreDefinition(TestDomain d, TestSnapshot snap)
        {
            var def = TestNodeXmlLoader.ParseDomainText(snap.DomainXml);
            TestNodeXmlLoader.ApplyDefinition(d, def);
            d.Xml = snap.DomainXml; // keep libvirt's formatting (the parse re-serializes)
            State.SyncSnapshotCount(d);
        }

        private static DomainSnapshotInfo Info(TestDomain d, TestSnapshotList list, TestSnapshot s) =>
            new DomainSnapshotInfo(d.Name, d.Uuid, s.Name, s.Parent, DateTimeOffset.FromUnixTimeSeconds(s.CreationTime), s.State,
                s.Description, list.Current == s, true, s.Memory, s.Format());

        private static TestSnapshot FindSnapshot(TestSnapshotList list, string name) =>
            list.Find(name) ?? throw NoSnapshot("no domain snapshot with matching name '" + name + "'");

        // virCheckReadOnlyGoto in libvirt-domain-snapshot.c: the Domain Snapshot part reports it
        private static LibvirtException SnapshotReadOnly(string function)
        {
            var detail = "read only access prevents " + function;
            return TestDriverErrors.Make(LibvirtErrorCode.OperationDenied, LibvirtErrorDomain.DomainSnapshot, "operation forbidden: " + detail, detail);
        }

        private static LibvirtException NoSnapshot(string detail) =>
            TestDriverErrors.Make(LibvirtErrorCode.NoDomainSnapshot, LibvirtErrorDomain.Test, "Domain snapshot not found: " + detail, null);

        // virDomainSnapshotCreateXML's own checks (libvirt-domain-snapshot.c), before the driver's
        private static void CheckCreateFlagCombinations(DomainSnapshotCreateFlags flags)
        {
            void Exclusive(DomainSnapshotCreateFlags a, string an, DomainSnapshotCreateFlags b, string bn)
            {
                if ((flags & a) != 0 && (flags & b) != 0)
                    throw TestDriverErrors.Make(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.DomainSnapshot,
                        "Flags '" + an + "' and '" + bn + "' are mutually exclusive", null);
            }
            if ((flags & DomainSnapshotCreateFlags.Current) != 0 && (flags & DomainSnapshotCreateFlags.Redefine) == 0)
                throw TestDriverErrors.Make(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.DomainSnapshot,
                    "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'", null);
            Exclusive(DomainSnapshotCreateFlags.Redefine, "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE", DomainSnapshotCreateFlags.NoMetadata, "VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA");
            Exclusive(DomainSnapshotCreateFlags.Redefine, "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE", DomainSnapshotCreateFlags.Halt, "VIR_DOMAIN_SNAPSHOT_CREATE_HALT");
        }

        private sealed class SnapshotRequest : TestSnapshot
        {
            public List<(string Name, string? Mode)> RequestedDisks = new List<(string, string?)>();
        }

        // virDomainSnapshotDefParseString (PARSE_DISKS): root, name (default: the creation time), description, disks
        private static TestSnapshot ParseSnapshot(string xml)
        {
            var root = LoadSnapshotRoot(xml);
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var snap = new SnapshotRequest
            {
                CreationTime = now,
                Name = (string?)root.Element("name") is string n && n.Length > 0 ? n : now.ToString(CultureInfo.InvariantCulture),
                Description = (string?)root.Element("description"),
            };
            foreach (var disk in root.Element("disks")?.Elements("disk") ?? Enumerable.Empty<XElement>())
                snap.RequestedDisks.Add(((string?)disk.Attribute("name") ?? "", (string?)disk.Attribute("snapshot")));
            return snap;
        }

        // virXMLParse of the snapshot text and the root check; line numbers kept (redefinition copies <domain> as written)
        private static XElement LoadSnapshotRoot(string xml)
        {
            XDocument doc;
            try
            {
                using (var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null }))
                    doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
            }
            catch (XmlException e)
            {
                // libxml2's text differs; the "(domain_snapshot):<line>: " form is libvirt's
                var text = "(domain_snapshot):" + e.LineNumber.ToString(CultureInfo.InvariantCulture) + ": " + e.Message;
                throw TestDriverErrors.Make(LibvirtErrorCode.XmlDetail, LibvirtErrorDomain.DomainSnapshot, text, text);
            }
            var root = doc.Root!;
            if (root.Name.LocalName != "domainsnapshot")
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml, "expecting root element of 'domainsnapshot', not '" + root.Name.LocalName + "'");
            return root;
        }

        // testDomainSnapshotAlignDisks / virDomainSnapshotAlignDisks for internal snapshots: every disk of the domain,
        // internal (read-only disks and CD/floppy: no); a disk named in the XML must exist and ask for 'internal'
        private static void AlignDisks(TestDomain d, TestSnapshot snap, List<(string Name, string? Mode)> requested)
        {
            var disks = DomainDisks(d.Xml);
            foreach (var (name, mode) in requested)
            {
                if (!disks.Any(x => x.Target == name))
                    throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.DomainSnapshot,
                        "unsupported configuration: no disk named '" + name + "'", "no disk named '" + name + "'");
                if (mode != null && mode != "internal")
                    throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.DomainSnapshot,
                        "unsupported configuration: disk '" + name + "' must use snapshot mode 'internal'", "disk '" + name + "' must use snapshot mode 'internal'");
            }
            snap.Disks = disks.Select(x => (x.Target, x.ReadOnly ? "no" : "internal")).ToList();
        }

        private static List<(string Target, bool ReadOnly, string? Source)> DomainDisks(string domainXml)
        {
            var result = new List<(string, bool, string?)>();
            if (string.IsNullOrEmpty(domainXml)) return result;
            XElement root;
            try { root = XElement.Parse(domainXml); }
            catch (XmlException) { return result; }
            foreach (var disk in root.Element("devices")?.Elements("disk") ?? Enumerable.Empty<XElement>())
            {
                var target = (string?)disk.Element("target")?.Attribute("dev");
                if (target == null) continue;
                var device = (string?)disk.Attribute("device") ?? "disk";
                var source = disk.Element("source");
                var path = (string?)source?.Attribute("file") ?? (string?)source?.Attribute("dev") ?? (string?)source?.Attribute("dir");
                result.Add((target, disk.Element("readonly") != null || device == "cdrom" || device == "floppy", path));
            }
            return result;
        }
    }
}
