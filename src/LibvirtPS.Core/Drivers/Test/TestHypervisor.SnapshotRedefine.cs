using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// Snapshot redefinition (VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) as libvirt 9.0's test driver does it
    /// (virDomainSnapshotRedefinePrep): the parent must exist and not make a cycle, a given domain definition must
    /// have the domain's UUID, an existing snapshot keeps its online/offline and disk-only kind and its domain's ABI
    /// (TestDomainAbi.cs), disks are aligned to the definition (the given one, else the existing snapshot's, which it
    /// then keeps); an existing snapshot's definition is replaced in place (it stays current if it was), a new one is
    /// added; CURRENT makes it current. The domain's state is never touched. Checked against libvirtd's test:///default.
    /// The given &lt;domain&gt; is kept as written (libvirt re-formats it: the same text for its own dumpxml output).
    /// </summary>
    public sealed partial class TestHypervisor
    {
        private static TestSnapshot RedefineSnapshot(TestDomain d, TestSnapshotList list, string xml, DomainSnapshotCreateFlags flags)
        {
            var def = TestSnapshotRedefinition.Parse(xml, LoadSnapshotRoot(xml));
            CheckCycles(list, def);
            var other = list.Find(def.Name);
            ValidateRedefinition(d, def, other);

            var domainXml = def.Domain != null ? def.DomainXml : other?.DomainXml ?? "";
            if (domainXml.Length == 0)
                throw TestDriverErrors.InternalError(LibvirtErrorDomain.DomainSnapshot, "missing domain in snapshot");
            bool external = def.State == DomainSnapshotState.DiskSnapshot || def.Memory == "external" ||
                            def.Disks.Any(x => x.Mode == "external");

            var snap = other ?? new TestSnapshot();
            var files = new Dictionary<string, (string? Format, string Path)>(StringComparer.Ordinal);
            var disks = AlignRedefinedDisks(DomainDisks(domainXml), def, external ? "external" : "internal", files);
            snap.Name = def.Name;
            snap.Description = def.Description;
            snap.Parent = def.Parent;
            snap.CreationTime = def.CreationTime;
            snap.State = def.State;
            snap.Memory = def.Memory;
            snap.MemoryFile = def.MemoryFile;
            snap.Disks = disks;
            snap.DiskFiles = files;
            // without a definition of its own, the existing snapshot's is carried over (libvirt 9.0, observed)
            snap.DomainXml = domainXml;
            snap.DomainUuid = d.Uuid;
            if (other == null) list.Items.Add(snap);
            if ((flags & DomainSnapshotCreateFlags.Current) != 0) list.Current = snap;
            return snap;
        }

        // virDomainMomentCheckCycles: reported by the Domain Config part (VIR_FROM_DOMAIN)
        private static void CheckCycles(TestSnapshotList list, TestSnapshotRedefinition def)
        {
            if (def.Parent == null) return;
            if (def.Parent == def.Name)
                throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.Domain, "cannot set moment " + def.Name + " as its own parent");
            var other = list.Find(def.Parent) ??
                throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.Domain, "parent " + def.Parent + " for moment " + def.Name + " not found");
            var seen = new HashSet<TestSnapshot>();
            while (other.Parent != null && seen.Add(other))
            {
                if (other.Parent == def.Name)
                    throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.Domain, "parent " + other.Name + " would create cycle to " + def.Name);
                other = list.Find(other.Parent);
                if (other == null) break; // libvirt only warns: the snapshots are inconsistent
            }
        }

        // virDomainSnapshotRedefineValidate (DISK_ONLY never gets here: the test driver refuses the flag)
        private static void ValidateRedefinition(TestDomain d, TestSnapshotRedefinition def, TestSnapshot? other)
        {
            if (def.Domain != null && def.Domain.Uuid != d.Uuid)
                throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.DomainSnapshot,
                    "definition for snapshot " + def.Name + " must use uuid " + TestDriverErrors.Uuid(d.Uuid));
            if (other == null) return;
            bool Online(DomainSnapshotState s) => s == DomainSnapshotState.Running || s == DomainSnapshotState.Paused;
            if (Online(other.State) != Online(def.State))
                throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.DomainSnapshot,
                    "cannot change between online and offline snapshot state in snapshot " + def.Name);
            if ((other.State == DomainSnapshotState.DiskSnapshot) != (def.State == DomainSnapshotState.DiskSnapshot))
                throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.DomainSnapshot,
                    "cannot change between disk only and full system in snapshot " + def.Name);
            if (other.DomainXml.Length > 0 && def.Domain != null)
                TestDomainAbi.Check(other.DomainXml, def.DomainXml);
        }

        /// <summary>
        /// virDomainSnapshotAlignDisks with uniform internal snapshots: every disk of the definition, in its order; a
        /// disk asked for (by target or source file) must exist once; with internal location each must be internal (or
        /// 'no' where the domain's disk is); the rest default to the location (empty and read-only drives: no); external
        /// disks without a file of their own get one named after the source (virDomainSnapshotDefAssignExternalNames).
        /// </summary>
        private static List<(string Name, string Mode)> AlignRedefinedDisks(List<(string Target, bool ReadOnly, string? Source)> domainDisks,
            TestSnapshotRedefinition def, string location, Dictionary<string, (string? Format, string Path)> files)
        {
            LibvirtException Unsupported(string detail) =>
                TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.DomainSnapshot, "unsupported configuration: " + detail, detail);
            if (def.Disks.Count > domainDisks.Count) throw Unsupported("too many disk snapshot requests for domain");
            bool requireMatch = location == "internal";
            var asked = new Dictionary<string, TestSnapshotRedefinition.RequestedDisk>(StringComparer.Ordinal);
            foreach (var disk in def.Disks)
            {
                // virDomainDiskByName: the target, else the source file
                var dom = domainDisks.FirstOrDefault(x => x.Target == disk.Name);
                if (dom.Target == null) dom = domainDisks.FirstOrDefault(x => x.Source != null && x.Source == disk.Name);
                if (dom.Target == null) throw Unsupported("no disk named '" + disk.Name + "'");
                if (asked.ContainsKey(dom.Target)) throw Unsupported("disk '" + disk.Name + "' specified twice");
                asked[dom.Target] = disk;
                if (disk.Mode == null)
                    disk.Mode = location;
                else if (requireMatch && disk.Mode != location && !(disk.Mode == "no" && dom.ReadOnly))
                    throw Unsupported("disk '" + disk.Name + "' must use snapshot mode '" + location + "'");
                if (disk.Path != null && disk.Mode != "external")
                    throw Unsupported("file '" + disk.Path + "' for disk '" + disk.Name + "' requires use of external snapshot mode");
            }

            var result = new List<(string, string)>();
            foreach (var (target, readOnly, source) in domainDisks)
            {
                asked.TryGetValue(target, out var disk);
                var mode = disk?.Mode ?? (readOnly || source == null ? "no" : location);
                result.Add((target, mode));
                if (mode != "external") continue;
                var path = disk?.Path ?? ExternalName(target, source, def.Name, files);
                files[target] = (disk?.Format, path);
            }
            return result;
        }

        // the new image beside the source: its name without the extension, then '.' and the snapshot's name; the source
        // must be a regular file on this host (libvirt stats it on the daemon's host)
        private static string ExternalName(string target, string? source, string snapshot, Dictionary<string, (string? Format, string Path)> files)
        {
            LibvirtException Unsupported(string detail) =>
                TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.DomainSnapshot, "unsupported configuration: " + detail, detail);
            if (source == null) throw Unsupported("cannot generate external snapshot name for disk '" + target + "' without source");
            if (!File.Exists(source))
                throw Unsupported("source for disk '" + target + "' is not a regular file; refusing to generate external snapshot name");
            int dot = source.LastIndexOf('.');
            var stem = dot >= 0 && source.IndexOf('/', dot) < 0 ? source.Substring(0, dot) : source;
            var path = stem + "." + snapshot;
            foreach (var other in files.Where(f => f.Value.Path == path))
                throw Unsupported("cannot generate external snapshot name for disk '" + target + "': collision with disk '" + other.Key + "'");
            return path;
        }
    }
}
