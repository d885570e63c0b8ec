using System;
using System.Linq;
using System.Xml.Linq;

namespace LibvirtPS.Support
{
    /// <summary>
    /// The device XML the convenience cmdlets send, element for element what virsh builds (attach-disk --print-xml,
    /// attach-interface --print-xml, change-media --print-xml). XElement does the escaping.
    /// </summary>
    internal static class DeviceXml
    {
        /// <summary>virsh attach-disk: &lt;disk type=…[ device=…]&gt; [driver] source target [readonly].</summary>
        internal static string Disk(string source, string target, string sourceType, string? device, string? bus, string? driver, string? format, bool readOnly)
        {
            var disk = new XElement("disk", new XAttribute("type", sourceType));
            if (device != null) disk.Add(new XAttribute("device", device));
            if (driver != null || format != null)
            {
                var d = new XElement("driver");
                if (driver != null) d.Add(new XAttribute("name", driver));
                if (format != null) d.Add(new XAttribute("type", format));
                disk.Add(d);
            }
            disk.Add(new XElement("source", new XAttribute(SourceAttribute(sourceType), source)));
            var t = new XElement("target", new XAttribute("dev", target));
            if (bus != null) t.Add(new XAttribute("bus", bus));
            disk.Add(t);
            if (readOnly) disk.Add(new XElement("readonly"));
            return disk.ToString();
        }

        /// <summary>virsh attach-interface: &lt;interface type=network|bridge&gt; source [mac] [model].</summary>
        internal static string Interface(string type, string source, string? mac, string? model)
        {
            var iface = new XElement("interface", new XAttribute("type", type),
                new XElement("source", new XAttribute(type == "bridge" ? "bridge" : "network", source)));
            if (mac != null) iface.Add(new XElement("mac", new XAttribute("address", mac)));
            if (model != null) iface.Add(new XElement("model", new XAttribute("type", model)));
            return iface.ToString();
        }

        /// <summary>
        /// virsh change-media (virshUpdateDiskXML): the domain's removable disk found by target or source path, with its
        /// source replaced (<paramref name="newSource"/>) or removed (null: eject). Errors use virsh's texts.
        /// </summary>
        internal static string ChangeMedia(string domainXml, string path, string? newSource)
        {
            var domain = XElement.Parse(domainXml);
            var disk = domain.Element("devices")?.Elements("disk").FirstOrDefault(d =>
                (string?)d.Element("target")?.Attribute("dev") == path ||
                d.Element("source")?.Attributes().Any(a => (a.Name == "file" || a.Name == "dev" || a.Name == "dir") && a.Value == path) == true);
            if (disk == null)
                throw new DeviceXmlException("CdromNotFound", "No disk found whose source path or target is " + path);
            var target = (string?)disk.Element("target")?.Attribute("dev") ?? path;
            var device = (string?)disk.Attribute("device") ?? "disk";
            if (device != "cdrom" && device != "floppy")
                throw new DeviceXmlException("DiskNotRemovable", "The disk device '" + target + "' is not removable");
            var copy = new XElement(disk);
            var source = copy.Element("source");
            if (newSource == null)
            {
                if (source == null) throw new DeviceXmlException("NoMedia", "The disk device '" + target + "' doesn't have media");
                source.Remove();
            }
            else
            {
                var attr = SourceAttribute((string?)copy.Attribute("type") ?? "file");
                var fresh = new XElement("source", new XAttribute(attr, newSource));
                if (source != null) source.ReplaceWith(fresh);
                else if (copy.Element("driver") is XElement drv) drv.AddAfterSelf(fresh);
                else copy.AddFirst(fresh);
            }
            return copy.ToString();
        }

        private static string SourceAttribute(string type) => type == "block" ? "dev" : type == "dir" ? "dir" : "file";
    }

    /// <summary>A device the client cannot build the XML for (the id becomes the ErrorRecord's).</summary>
    internal sealed class DeviceXmlException : Exception
    {
        internal DeviceXmlException(string id, string message) : base(message) { Id = id; }

        internal string Id { get; }
    }
}
