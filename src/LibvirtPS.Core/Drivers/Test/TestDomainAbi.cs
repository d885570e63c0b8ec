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
    /// virDomainDefCheckABIStability as libvirt 9.0 applies it when a snapshot is redefined over one with a domain
    /// definition (source: the existing snapshot's, target: the new one): the checks the test driver's domains can
    /// fail, in libvirt's order (observed against libvirtd): virt type, name, max and current memory, vCPU max, each
    /// vCPU's online state, OS type, architecture, disk count and each disk's device, bus and target, network card
    /// count and each card's MAC. libvirt's further device checks (controllers, video, serials…) are not made here.
    /// </summary>
    internal static class TestDomainAbi
    {
        // the test driver's guests default to i686 (capabilities), as its dumpxml shows
        private const string DefaultArch = "i686";

        public static void Check(string srcXml, string dstXml)
        {
            var src = TestNodeXmlLoader.ParseDomainText(srcXml);
            var dst = TestNodeXmlLoader.ParseDomainText(dstXml);
            XElement s = Root(srcXml), t = Root(dstXml);
            string Ci(ulong v) => v.ToString(CultureInfo.InvariantCulture);

            Same("Target domain virt type " + Attr(t, "type") + " does not match source " + Attr(s, "type"), Attr(s, "type"), Attr(t, "type"));
            Same("Target domain name '" + dst.Name + "' does not match source '" + src.Name + "'", src.Name, dst.Name);
            Same("Target domain max memory " + Ci(dst.MaxMemoryKiB) + " does not match source " + Ci(src.MaxMemoryKiB), Ci(src.MaxMemoryKiB), Ci(dst.MaxMemoryKiB));
            Same("Target domain current memory " + Ci(dst.MemoryKiB) + " does not match source " + Ci(src.MemoryKiB), Ci(src.MemoryKiB), Ci(dst.MemoryKiB));
            Same("Target domain vCPU max " + dst.MaxVCpus + " does not match source " + src.MaxVCpus, src.MaxVCpus.ToString(), dst.MaxVCpus.ToString());
            // vCPUs 0..current-1 are online: the first that is online on one side only
            if (src.VCpus != dst.VCpus)
                throw Unsupported("State of vCPU '" + Math.Min(src.VCpus, dst.VCpus) + "' differs between source and destination definitions");

            var sType = s.Element("os")?.Element("type");
            var tType = t.Element("os")?.Element("type");
            Same("Target domain OS type " + tType?.Value + " does not match source " + sType?.Value, sType?.Value, tType?.Value);
            string sArch = (string?)sType?.Attribute("arch") ?? DefaultArch, tArch = (string?)tType?.Attribute("arch") ?? DefaultArch;
            Same("Target domain architecture " + tArch + " does not match source " + sArch, sArch, tArch);

            var sDisks = Devices(s, "disk");
            var tDisks = Devices(t, "disk");
            Same("Target domain disk count " + tDisks.Count + " does not match source " + sDisks.Count, sDisks.Count.ToString(), tDisks.Count.ToString());
            for (int i = 0; i < sDisks.Count; i++)
            {
                string sDev = (string?)sDisks[i].Attribute("device") ?? "disk", tDev = (string?)tDisks[i].Attribute("device") ?? "disk";
                Same("Target disk device " + tDev + " does not match source " + sDev, sDev, tDev);
                string? sTarget = (string?)sDisks[i].Element("target")?.Attribute("dev"), tTarget = (string?)tDisks[i].Element("target")?.Attribute("dev");
                string? sBus = Bus(sDisks[i], sTarget), tBus = Bus(tDisks[i], tTarget);
                Same("Target disk bus " + tBus + " does not match source " + sBus, sBus, tBus);
                Same("Target disk " + tTarget + " does not match source " + sTarget, sTarget, tTarget);
            }

            var sNets = Devices(s, "interface");
            var tNets = Devices(t, "interface");
            Same("Target domain net card count " + tNets.Count + " does not match source " + sNets.Count, sNets.Count.ToString(), tNets.Count.ToString());
            for (int i = 0; i < sNets.Count; i++)
            {
                string? sMac = Mac(sNets[i]), tMac = Mac(tNets[i]);
                if (sMac != null && tMac != null)
                    Same("Target network card mac " + tMac + " does not match source " + sMac, sMac, tMac);
            }
        }

        private static void Same(string message, string? source, string? target)
        {
            if (!string.Equals(source, target, StringComparison.Ordinal)) throw Unsupported(message);
        }

        private static LibvirtException Unsupported(string detail) => TestDriverErrors.ConfigUnsupported(detail);

        private static XElement Root(string xml)
        {
            try { return XElement.Parse(xml); }
            catch (XmlException) { return new XElement("domain"); }
        }

        private static string? Attr(XElement e, string name) => (string?)e.Attribute(name);

        private static List<XElement> Devices(XElement domain, string name) =>
            domain.Element("devices")?.Elements(name).ToList() ?? new List<XElement>();

        // the bus libvirt gives a disk without one, from its target's prefix (virDiskNameToBusDeviceIndex's families)
        private static string? Bus(XElement disk, string? target)
        {
            var bus = (string?)disk.Element("target")?.Attribute("bus");
            if (bus != null || target == null) return bus;
            if (target.StartsWith("hd", StringComparison.Ordinal)) return "ide";
            if (target.StartsWith("sd", StringComparison.Ordinal)) return "scsi";
            if (target.StartsWith("vd", StringComparison.Ordinal)) return "virtio";
            if (target.StartsWith("xvd", StringComparison.Ordinal)) return "xen";
            if (target.StartsWith("ub", StringComparison.Ordinal)) return "usb";
            if (target.StartsWith("fd", StringComparison.Ordinal)) return "fdc";
            return null;
        }

        private static string? Mac(XElement net) => ((string?)net.Element("mac")?.Attribute("address"))?.ToLowerInvariant();
    }
}
