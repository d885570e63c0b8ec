using System;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;

namespace LibvirtPS.Core.Drivers.Test
{
    // Each domain's snapshot list lives beside the domain object (it goes when the domain goes, as vm->snapshots does).
    public sealed partial class TestDriverState
    {
        private static readonly XNamespace TestNs = "http://libvirt.org/schemas/domain/test/1.0";

        private readonly ConditionalWeakTable<TestDomain, TestSnapshotList> _snapshots = new ConditionalWeakTable<TestDomain, TestSnapshotList>();

        /// <summary>The domain's snapshots (on first use: those of its node XML definition); callers hold <see cref="SyncRoot"/>.</summary>
        internal TestSnapshotList SnapshotsOf(TestDomain domain) => _snapshots.GetValue(domain, LoadFileSnapshots);

        /// <summary>Keeps <see cref="TestDomain.SnapshotCount"/> (list filters, undefine checks) equal to the number of snapshots.</summary>
        internal void SyncSnapshotCount(TestDomain domain)
        {
            var list = SnapshotsOf(domain);
            domain.SnapshotCount = list.FileSnapshotCount + list.Items.Count;
        }

        /// <summary>
        /// testParseDomainSnapshots: each <c>&lt;test:domainsnapshot&gt;</c> of a node file's domain is a redefined
        /// snapshot (its children are those of &lt;domainsnapshot&gt;; name, state and active are required; active=1 makes
        /// it current). libvirtd refuses the whole file when one is invalid; here an invalid one is only counted
        /// (<see cref="TestSnapshotList.FileSnapshotCount"/>), and the file= form is not read.
        /// </summary>
        private static TestSnapshotList LoadFileSnapshots(TestDomain domain)
        {
            var list = new TestSnapshotList { FileSnapshotCount = domain.SnapshotCount };
            if (domain.SnapshotCount == 0 || string.IsNullOrEmpty(domain.Xml)) return list;
            XElement root;
            try { root = XElement.Parse(domain.Xml); }
            catch (XmlException) { return list; }
            foreach (var e in root.Elements(TestNs + "domainsnapshot"))
            {
                var name = (string?)e.Element("name");
                var stateText = ((string?)e.Element("state"))?.Trim();
                int state = stateText == null ? -1 : Array.IndexOf(DomainSnapshotXml.StateNames, stateText);
                var active = ((string?)e.Element("active"))?.Trim();
                if (string.IsNullOrEmpty(name) || state < 0 || active == null) continue;
                long.TryParse((string?)e.Element("creationTime"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var created);
                var snap = new TestSnapshot
                {
                    Name = name!,
                    Description = (string?)e.Element("description"),
                    Parent = (string?)e.Element("parent")?.Element("name"),
                    CreationTime = created,
                    State = (DomainSnapshotState)state,
                    DomainUuid = domain.Uuid,
                };
                var memory = (string?)e.Element("memory")?.Attribute("snapshot");
                snap.Memory = memory ?? (snap.State == DomainSnapshotState.Shutoff || snap.State == DomainSnapshotState.DiskSnapshot ? "no" : "internal");
                snap.Disks = (e.Element("disks")?.Elements("disk") ?? Enumerable.Empty<XElement>())
                    .Select(d => ((string?)d.Attribute("name") ?? "", (string?)d.Attribute("snapshot") ?? "internal")).ToList();
                // a full <domain> definition is kept as given (libvirt would re-format it); without one there is no rollback
                var dom = e.Element("domain");
                snap.DomainXml = dom != null && dom.Element("name") != null ? dom.ToString() + "\n" : "";
                list.Items.Add(snap);
                list.FileSnapshotCount--;
                if (active == "1") list.Current = snap;
            }
            return list;
        }
    }
}
