using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>One snapshot of a test domain (virDomainMomentObj + virDomainSnapshotDef as the test driver keeps them).</summary>
    internal class TestSnapshot
    {
        public string Name = "";
        public string? Description;
        public string? Parent;
        public long CreationTime;
        public DomainSnapshotState State;
        /// <summary>internal or no (the test driver takes no external memory snapshot).</summary>
        public string Memory = "internal";
        /// <summary>The memory state file of an external memory snapshot.</summary>
        public string? MemoryFile;
        /// <summary>External disks' new image: format (driver type, if given) and file, by disk target.</summary>
        public Dictionary<string, (string? Format, string Path)> DiskFiles = new Dictionary<string, (string?, string)>(StringComparer.Ordinal);
        /// <summary>Each disk's target and snapshot mode, in the domain's disk order.</summary>
        public List<(string Name, string Mode)> Disks = new List<(string, string)>();
        /// <summary>The domain definition taken with the snapshot (libvirt's format, as dumpxml gives it); empty: none (no rollback).</summary>
        public string DomainXml = "";
        /// <summary>The domain's UUID, formatted as the only content of &lt;domain&gt; when there is no definition.</summary>
        public Guid DomainUuid;

        /// <summary>virDomainSnapshotDefFormat (no flags): the same elements, order and indentation as libvirt 9.0.</summary>
        public string Format()
        {
            var sb = new StringBuilder();
            sb.Append("<domainsnapshot>\n");
            sb.Append("  <name>").Append(Escape(Name)).Append("</name>\n");
            if (Description != null) sb.Append("  <description>").Append(Escape(Description)).Append("</description>\n");
            sb.Append("  <state>").Append(DomainSnapshotXml.StateName(State)).Append("</state>\n");
            if (Parent != null) sb.Append("  <parent>\n    <name>").Append(Escape(Parent)).Append("</name>\n  </parent>\n");
            if (CreationTime != 0) sb.Append("  <creationTime>").Append(CreationTime.ToString(CultureInfo.InvariantCulture)).Append("</creationTime>\n");
            sb.Append("  <memory snapshot='").Append(Memory).Append('\'');
            if (MemoryFile != null) sb.Append(" file='").Append(Escape(MemoryFile)).Append('\'');
            sb.Append("/>\n");
            if (Disks.Count > 0)
            {
                sb.Append("  <disks>\n");
                foreach (var (name, mode) in Disks)
                {
                    sb.Append("    <disk name='").Append(Escape(name)).Append("' snapshot='").Append(mode).Append('\'');
                    if (!DiskFiles.TryGetValue(name, out var file)) { sb.Append("/>\n"); continue; }
                    // virDomainSnapshotDiskDefFormat: a disk with a new image names its type, format and file
                    sb.Append(" type='file'>\n");
                    if (file.Format != null) sb.Append("      <driver type='").Append(Escape(file.Format)).Append("'/>\n");
                    sb.Append("      <source file='").Append(Escape(file.Path)).Append("'/>\n    </disk>\n");
                }
                sb.Append("  </disks>\n");
            }
            if (DomainXml.Length == 0)
                sb.Append("  <domain>\n    <uuid>").Append(DomainUuid.ToString("D")).Append("</uuid>\n  </domain>\n");
            else
                foreach (var line in DomainXml.TrimEnd('\n').Split('\n'))
                    sb.Append("  ").Append(line).Append('\n');
            sb.Append("</domainsnapshot>\n");
            return sb.ToString();
        }

        // virBufferEscapeString: the five XML specials
        internal static string Escape(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '&': sb.Append("&amp;"); break;
                    case '\'': sb.Append("&apos;"); break;
                    case '"': sb.Append("&quot;"); break;
                    default: sb.Append(c); break;
                }
            }
            return sb.ToString();
        }
    }

    /// <summary>A domain's snapshots (virDomainSnapshotObjList): the snapshots in creation order and the current one.</summary>
    internal sealed class TestSnapshotList
    {
        public readonly List<TestSnapshot> Items = new List<TestSnapshot>();
        public TestSnapshot? Current;
        /// <summary>The node XML file's &lt;test:domainsnapshot&gt; count for the domain (counted, not modelled).</summary>
        public int FileSnapshotCount;

        public TestSnapshot? Find(string name) => Items.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

        public IEnumerable<TestSnapshot> Children(TestSnapshot snap) =>
            Items.Where(s => string.Equals(s.Parent, snap.Name, StringComparison.Ordinal)).ToList();

        public List<TestSnapshot> Descendants(TestSnapshot snap)
        {
            var result = new List<TestSnapshot>();
            var queue = new Queue<TestSnapshot>(Children(snap));
            while (queue.Count > 0)
            {
                var s = queue.Dequeue();
                result.Add(s);
                foreach (var c in Children(s)) queue.Enqueue(c);
            }
            return result;
        }
    }
}
