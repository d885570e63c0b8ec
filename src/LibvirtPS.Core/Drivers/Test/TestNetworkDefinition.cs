using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// A parsed <c>&lt;network&gt;</c> definition (libvirt's virNetworkDef, the parts the test driver acts on) with
    /// libvirt 9.0's checks and error texts (virNetworkDefParseXML) and its formatting (virNetworkDefFormatBuf):
    /// name, uuid, forward mode, bridge (name, stp, delay), mac, domain, ip (family, address, netmask/prefix, dhcp
    /// ranges and hosts) are formatted as libvirt does; other top-level elements (dns, mtu, route, portgroup, …)
    /// are kept as written, after the ip elements.
    /// </summary>
    internal sealed class TestNetworkDefinition
    {
        // virNetworkForwardType names; "none" is the absence of <forward>
        private static readonly HashSet<string> ForwardModes = new HashSet<string>(StringComparer.Ordinal)
        {
            "nat", "route", "open", "bridge", "private", "vepa", "passthrough", "hostdev",
        };

        // the modes whose network gets a libvirt-managed bridge (stp/delay are formatted for them)
        private static readonly HashSet<string> BridgedModes = new HashSet<string>(StringComparer.Ordinal) { "", "nat", "route", "open" };

        private static readonly HashSet<string> Known = new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "uuid", "forward", "bridge", "mac", "domain", "ip",
        };

        public string Name { get; private set; } = "";
        public Guid Uuid { get; private set; }

        /// <summary>"" when there is no &lt;forward&gt; (isolated network).</summary>
        public string ForwardMode { get; private set; } = "";
        public string? BridgeName { get; private set; }
        public bool Stp { get; private set; } = true;
        public string Delay { get; private set; } = "0";
        public string? Mac { get; private set; }
        public string? DomainName { get; private set; }
        private readonly List<XElement> _ips = new List<XElement>();
        private readonly List<XElement> _others = new List<XElement>();

        /// <summary>virNetworkDefParseXML on a &lt;network&gt; element.</summary>
        public static TestNetworkDefinition Parse(XElement network)
        {
            var def = new TestNetworkDefinition();
            var name = Child(network, "name")?.Value;
            if (string.IsNullOrEmpty(name))
                throw TestDriverErrors.Make(LibvirtErrorCode.NoName, LibvirtErrorDomain.Network, "missing name information", null);
            int slash = name!.IndexOf('/');
            if (slash >= 0)
                throw TestDriverErrors.Make(LibvirtErrorCode.XmlDetail, LibvirtErrorDomain.Xml, "invalid char in name: /", "invalid char in name: /");
            def.Name = name;

            var uuidText = Child(network, "uuid")?.Value;
            if (string.IsNullOrEmpty(uuidText)) def.Uuid = Guid.NewGuid();
            else if (!Guid.TryParseExact(uuidText!.Trim(), "D", out var uuid) && !Guid.TryParseExact(uuidText.Trim(), "N", out uuid))
                throw TestDriverErrors.InternalError(LibvirtErrorDomain.Network, "malformed uuid element");
            else def.Uuid = uuid;

            var forward = Child(network, "forward");
            if (forward != null)
            {
                var mode = (string?)forward.Attribute("mode") ?? "nat";
                if (!ForwardModes.Contains(mode))
                    throw ConfigUnsupported("unknown forwarding type '" + mode + "'");
                def.ForwardMode = mode;
            }

            var bridge = Child(network, "bridge");
            if (bridge != null)
            {
                def.BridgeName = (string?)bridge.Attribute("name");
                var stp = (string?)bridge.Attribute("stp");
                def.Stp = stp == null || stp != "off";
                def.Delay = (string?)bridge.Attribute("delay") ?? "0";
            }
            def.Mac = (string?)Child(network, "mac")?.Attribute("address");
            def.DomainName = (string?)Child(network, "domain")?.Attribute("name");

            foreach (var ip in network.Elements("ip"))
            {
                if (ip.Attribute("netmask") != null && ip.Attribute("prefix") != null)
                    throw ConfigUnsupported("Network '" + def.Name + "' IP address cannot have both a prefix and a netmask");
                def._ips.Add(new XElement(ip));
            }
            foreach (var e in network.Elements().Where(e => e.Name.NamespaceName.Length == 0 && !Known.Contains(e.Name.LocalName)))
                def._others.Add(new XElement(e));
            return def;
        }

        private static LibvirtException ConfigUnsupported(string detail) =>
            TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Network, "unsupported configuration: " + detail, detail);

        private static XElement? Child(XElement parent, string name) => parent.Elements(XName.Get(name, "")).FirstOrDefault();

        /// <summary>virNetworkDefFormat with flags 0: two-space indentation, single-quoted attributes.</summary>
        public string Format()
        {
            var sb = new StringBuilder();
            sb.Append("<network>\n");
            sb.Append("  <name>").Append(Escape(Name)).Append("</name>\n");
            sb.Append("  <uuid>").Append(Uuid.ToString("D")).Append("</uuid>\n");
            if (ForwardMode.Length > 0) sb.Append("  <forward mode='").Append(ForwardMode).Append("'/>\n");
            if (BridgedModes.Contains(ForwardMode))
            {
                sb.Append("  <bridge");
                if (BridgeName != null) Attr(sb, "name", BridgeName);
                Attr(sb, "stp", Stp ? "on" : "off");
                Attr(sb, "delay", Delay);
                sb.Append("/>\n");
            }
            else if (BridgeName != null)
            {
                sb.Append("  <bridge");
                Attr(sb, "name", BridgeName);
                sb.Append("/>\n");
            }
            if (Mac != null) { sb.Append("  <mac"); Attr(sb, "address", Mac); sb.Append("/>\n"); }
            if (DomainName != null) { sb.Append("  <domain"); Attr(sb, "name", DomainName); sb.Append("/>\n"); }
            foreach (var ip in _ips) FormatIp(sb, ip);
            foreach (var other in _others) AppendVerbatim(sb, other, "  ");
            sb.Append("</network>\n");
            return sb.ToString();
        }

        // virNetworkIPDefFormat: <ip family address netmask prefix> then tftp, dhcp; an ip without children still
        // gets an opening and a closing tag on their own lines (libvirt 9.0 does that).
        private static void FormatIp(StringBuilder sb, XElement ip)
        {
            sb.Append("  <ip");
            foreach (var a in new[] { "family", "address", "netmask", "prefix", "localPtr" })
            {
                var v = (string?)ip.Attribute(a);
                if (v != null) Attr(sb, a, v);
            }
            sb.Append(">\n");
            foreach (var tftp in ip.Elements("tftp")) AppendVerbatim(sb, tftp, "    ");
            var dhcp = ip.Element("dhcp");
            if (dhcp != null)
            {
                sb.Append("    <dhcp>\n");
                foreach (var range in dhcp.Elements("range"))
                {
                    sb.Append("      <range");
                    Attr(sb, "start", (string?)range.Attribute("start") ?? "");
                    Attr(sb, "end", (string?)range.Attribute("end") ?? "");
                    sb.Append("/>\n");
                }
                foreach (var host in dhcp.Elements("host"))
                {
                    sb.Append("      <host");
                    foreach (var a in new[] { "mac", "id", "name", "ip" })
                    {
                        var v = (string?)host.Attribute(a);
                        if (v != null) Attr(sb, a, v);
                    }
                    sb.Append("/>\n");
                }
                foreach (var boot in dhcp.Elements("bootp")) AppendVerbatim(sb, boot, "      ");
                sb.Append("    </dhcp>\n");
            }
            sb.Append("  </ip>\n");
        }

        private static void AppendVerbatim(StringBuilder sb, XElement e, string indent)
        {
            var text = e.ToString(SaveOptions.None).Replace("\"", "'").Replace("\r\n", "\n");
            foreach (var line in text.Split('\n')) sb.Append(indent).Append(line.TrimStart()).Append('\n');
        }

        private static void Attr(StringBuilder sb, string name, string value) =>
            sb.Append(' ').Append(name).Append("='").Append(Escape(value).Replace("'", "&apos;")).Append('\'');

        private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
