using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>A summary of virConnectGetCapabilities: host arch, NUMA cells, guest kinds, security models; the XML itself.</summary>
    public sealed class HostCapabilities
    {
        private HostCapabilities(string xml, string arch, int numaCells, IReadOnlyList<string> guests, IReadOnlyList<string> securityModels)
        {
            Xml = xml;
            Arch = arch;
            NumaCells = numaCells;
            Guests = guests;
            SecurityModels = securityModels;
        }

        /// <summary>host/cpu/arch, e.g. x86_64.</summary>
        public string Arch { get; }

        /// <summary>How many NUMA cells host/topology lists (0 when it has none).</summary>
        public int NumaCells { get; }

        /// <summary>One entry per guest kind and domain type: "os_type/arch (domain types)", e.g. "hvm/x86_64 (qemu, kvm)".</summary>
        public IReadOnlyList<string> Guests { get; }

        /// <summary>host/secmodel/model values, e.g. apparmor, dac.</summary>
        public IReadOnlyList<string> SecurityModels { get; }

        /// <summary>The capabilities XML as the daemon sent it.</summary>
        public string Xml { get; }

        public override string ToString() => Arch + ", " + string.Join("; ", Guests);

        /// <summary>Reads the summary; a document it cannot read gives empty fields (the XML is still kept).</summary>
        public static HostCapabilities Parse(string xml)
        {
            if (xml == null) throw new ArgumentNullException(nameof(xml));
            XDocument doc;
            try
            {
                using (var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
                    doc = XDocument.Load(reader);
            }
            catch (XmlException)
            {
                return new HostCapabilities(xml, "", 0, Array.Empty<string>(), Array.Empty<string>());
            }
            var root = doc.Root!;
            var host = root.Element("host");
            var arch = host?.Element("cpu")?.Element("arch")?.Value.Trim() ?? "";
            var cells = host?.Element("topology")?.Element("cells")?.Elements("cell").Count() ?? 0;
            var guests = new List<string>();
            foreach (var g in root.Elements("guest"))
            {
                var os = g.Element("os_type")?.Value.Trim() ?? "";
                foreach (var a in g.Elements("arch"))
                {
                    var types = a.Elements("domain").Select(d => (string?)d.Attribute("type")).Where(t => !string.IsNullOrEmpty(t)).Distinct().ToList();
                    guests.Add(os + "/" + ((string?)a.Attribute("name") ?? "") + (types.Count > 0 ? " (" + string.Join(", ", types) + ")" : ""));
                }
            }
            var models = host?.Elements("secmodel").Select(s => s.Element("model")?.Value.Trim() ?? "").Where(m => m.Length > 0).ToList() ?? new List<string>();
            return new HostCapabilities(xml, arch, cells, guests, models);
        }
    }
}
