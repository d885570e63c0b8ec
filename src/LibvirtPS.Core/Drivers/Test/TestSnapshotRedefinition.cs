using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// A snapshot definition given with VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE, as libvirt 9.0's virDomainSnapshotDefParse
    /// reads it with PARSE_REDEFINE: name, creationTime and state are required, the parent and the domain definition
    /// are taken from the XML (not from the current snapshot and the domain), memory and disks are checked the same
    /// way, in the same order, with the same errors (checked against libvirtd's test driver).
    /// </summary>
    internal sealed class TestSnapshotRedefinition
    {
        public string Name = "";
        public string? Description;
        public string? Parent;
        public long CreationTime;
        public DomainSnapshotState State;
        /// <summary>no, internal or external (libvirt's default follows the state).</summary>
        public string Memory = "";
        /// <summary>The &lt;domain&gt; definition, parsed; null when the XML has none with a type (older snapshots).</summary>
        public TestNodeXmlLoader.DomainDefinition? Domain;
        /// <summary>The &lt;domain&gt; element's text as given, one indentation level less (libvirt re-formats it; its own
        /// snapshot-dumpxml output, the usual input, is already in that form).</summary>
        public string DomainXml = "";
        /// <summary>The memory state file (external memory snapshots).</summary>
        public string? MemoryFile;
        /// <summary>The disks asked for: name (target or source path), mode (null: default), new image's format and file.</summary>
        public readonly List<RequestedDisk> Disks = new List<RequestedDisk>();

        internal sealed class RequestedDisk
        {
            public string Name = "";
            public string? Mode;
            public string? Format;
            public string? Path;
        }

        // virStorageType and virStorageFileFormat as libvirt 9.0 names them
        private static readonly string[] StorageTypes = { "file", "block", "dir", "network", "volume", "nvme", "vhostuser", "vhostvdpa" };
        private static readonly string[] FileFormats =
            { "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk" };

        /// <summary>Shut off and disk-only snapshots carry no memory state.</summary>
        public bool Offline => State == DomainSnapshotState.Shutoff || State == DomainSnapshotState.DiskSnapshot;

        private static readonly string[] Locations = { "no", "internal", "external", "manual" };

        public static TestSnapshotRedefinition Parse(string xml, XElement root)
        {
            var def = new TestSnapshotRedefinition();
            // string(./x): the first such child's text; libvirt's virXPathString treats "" as absent
            string? Text(XElement parent, string name) => parent.Element(name) is XElement e && e.Value.Length > 0 ? e.Value : null;

            def.Name = Text(root, "name") ?? throw TestDriverErrors.Make(LibvirtErrorCode.XmlError, LibvirtErrorDomain.DomainSnapshot,
                "XML error: a redefined snapshot must have a name", "a redefined snapshot must have a name");
            def.Description = Text(root, "description");

            var created = Text(root, "creationTime");
            if (created == null || !long.TryParse(created, NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out def.CreationTime))
                throw TestDriverErrors.InternalError(LibvirtErrorDomain.DomainSnapshot, "missing creationTime from existing snapshot");

            def.Parent = root.Element("parent") is XElement p ? Text(p, "name") : null;

            var state = Text(root, "state") ?? throw TestDriverErrors.Make(LibvirtErrorCode.XmlError, LibvirtErrorDomain.DomainSnapshot,
                "XML error: missing state from existing snapshot", "missing state from existing snapshot");
            int stateIndex = Array.IndexOf(DomainSnapshotXml.StateNames, state);
            if (stateIndex <= 0)
                throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.DomainSnapshot,
                    "unsupported configuration: Invalid state '" + state + "' in domain snapshot XML", "Invalid state '" + state + "' in domain snapshot XML");
            def.State = (DomainSnapshotState)stateIndex;

            // a <domain> without a type is the old <domain><uuid/></domain> form: no definition
            var domain = root.Element("domain");
            if (domain != null && !string.IsNullOrEmpty((string?)domain.Attribute("type")))
            {
                def.Domain = TestNodeXmlLoader.ParseDomain(domain);
                def.DomainXml = RawElementText(xml, domain);
            }

            ParseMemory(root, def);
            foreach (var disk in root.Element("disks")?.Elements() ?? Enumerable.Empty<XElement>())
                def.Disks.Add(ParseDisk(disk));
            return def;
        }

        // virDomainSnapshotDiskDefParseXML: name, snapshot mode, source type, source, driver format, absolute path;
        // a source or a format without a mode means an external snapshot
        private static RequestedDisk ParseDisk(XElement disk)
        {
            var name = (string?)disk.Attribute("name") ?? throw TestDriverErrors.InternalError(LibvirtErrorDomain.DomainSnapshot,
                "missing name from disk snapshot element");
            var mode = (string?)disk.Attribute("snapshot");
            if (mode != null) CheckLocation(mode, disk.Name.LocalName);
            var type = (string?)disk.Attribute("type") ?? "file";
            if (Array.IndexOf(StorageTypes, type) < 0)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml, "Invalid value for attribute 'type' in element '" + disk.Name.LocalName + "': '" + type + "'.");
            if (type == "volume" || type == "dir")
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.DomainSnapshot, "unsupported disk snapshot type '" + type + "'");
            if (type != "file")
                throw TestDriverErrors.Make(LibvirtErrorCode.NoSupport, LibvirtErrorDomain.Test,
                    "this function is not supported by the connection driver: '" + type + "' disk snapshots in the embedded test driver",
                    "'" + type + "' disk snapshots in the embedded test driver");
            var format = (string?)disk.Element("driver")?.Attribute("type");
            if (format != null && Array.IndexOf(FileFormats, format) < 0)
                throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.DomainSnapshot,
                    "unsupported configuration: unknown disk snapshot driver '" + format + "'", "unknown disk snapshot driver '" + format + "'");
            var path = (string?)disk.Element("source")?.Attribute("file");
            if (path != null && !path.StartsWith("/", StringComparison.Ordinal))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.DomainSnapshot, "disk snapshot image path '" + path + "' must be absolute");
            if (mode == null && (path != null || format != null)) mode = "external";
            return new RequestedDisk { Name = name, Mode = mode, Format = format, Path = path };
        }

        // virXMLPropEnumDefault reports a bad value from virxml.c (the XML part, not the snapshot one)
        private static void CheckLocation(string mode, string element)
        {
            if (Array.IndexOf(Locations, mode) < 0)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml,
                    "Invalid value for attribute 'snapshot' in element '" + element + "': '" + mode + "'.");
        }

        private static void ParseMemory(XElement root, TestSnapshotRedefinition def)
        {
            var memory = root.Element("memory");
            var file = (string?)memory?.Attribute("file");
            var mode = (string?)memory?.Attribute("snapshot");
            if (mode != null)
            {
                CheckLocation(mode, "memory");
                if (mode == "manual")
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.DomainSnapshot, "'manual' memory snapshot mode not supported");
            }
            def.MemoryFile = file;
            def.Memory = mode ?? (file != null ? "external" : def.Offline ? "no" : "internal");
            if (file != null && def.Memory != "external")
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.DomainSnapshot, "memory filename '" + file + "' requires external snapshot");
            if (file == null && def.Memory == "external")
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.DomainSnapshot, "external memory snapshots require a filename");
            if (def.Offline && def.Memory != "no")
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.DomainSnapshot, "memory state cannot be saved with offline or disk-only snapshot");
            if (file != null && !file.StartsWith("/", StringComparison.Ordinal))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.DomainSnapshot, "memory snapshot file path (" + file + ") must be absolute");
        }

        /// <summary>
        /// The element's text from the document (quotes, entities and line breaks as written), each following line
        /// without the element's own indentation: snapshot-dumpxml's &lt;domain&gt; comes back as the domain's XML.
        /// libvirt re-formats the definition instead; the two agree for its own output, which is what users feed back.
        /// </summary>
        private static string RawElementText(string xml, XElement element)
        {
            var info = (IXmlLineInfo)element;
            int offset = 0;
            for (int line = 1; line < info.LineNumber && offset >= 0; line++)
                offset = xml.IndexOf('\n', offset) + 1;
            int start = offset + info.LinePosition - 2; // LinePosition is the name's column, one after '<'
            int end = start >= 0 ? xml.IndexOf("</" + element.Name.LocalName + ">", start, StringComparison.Ordinal) : -1;
            if (offset <= 0 && info.LineNumber > 1 || start < 0 || end < 0 || string.CompareOrdinal(xml, start, "<" + element.Name.LocalName, 0, element.Name.LocalName.Length + 1) != 0)
                return element.ToString(SaveOptions.DisableFormatting) + "\n";
            var text = xml.Substring(start, end + element.Name.LocalName.Length + 3 - start);
            // the closing tag's indentation is the element's own, also when the start tag shares a line with others
            int closingLine = xml.LastIndexOf('\n', end) + 1;
            var indent = xml.Substring(closingLine, end - closingLine);
            if (indent.Trim().Length != 0) indent = "";
            var lines = text.Split('\n').Select((l, i) => i > 0 && indent.Length > 0 && l.StartsWith(indent, StringComparison.Ordinal) ? l.Substring(indent.Length) : l);
            return string.Join("\n", lines) + "\n";
        }
    }
}
