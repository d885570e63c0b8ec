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
    /// ranges and hosts), metadata, mtu, dns, route and portgroup are formatted in libvirt's order and quoting (their
    /// contents as written, not validated); other elements (title, description, unknown ones) are dropped as libvirt 9.0 does.
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


        public string Name { get; private set; } = "";
        public Guid Uuid { get; private set; }

        /// <summary>"" when there is no &lt;forward&gt; (isolated network).</summary>
        public string ForwardMode { get; private set; } = "";
        public string? BridgeName { get; private set; }
        public bool Stp { get; private set; } = true;
        public string Delay { get; private set; } = "0";
        public string? Mac { get; private set; }
        public string? DomainName { get; private set; }
        private XElement? _metadata, _forward, _bridge, _mtu, _domain, _dns;
        private readonly List<XElement> _ips = new List<XElement>();
        private readonly List<XElement> _routes = new List<XElement>();
        private readonly List<XElement> _portgroups = new List<XElement>();

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
            def._metadata = Copy(Child(network, "metadata"));
            def._forward = Copy(forward);
            def._bridge = Copy(bridge);
            def._mtu = Copy(Child(network, "mtu"));
            def._domain = Copy(Child(network, "domain"));
            def._dns = Copy(Child(network, "dns"));
            def._routes.AddRange(network.Elements("route").Select(e => new XElement(e)));
            def._portgroups.AddRange(network.Elements("portgroup").Select(e => new XElement(e)));
            // anything else (title, description, unknown elements) is ignored, as libvirt 9.0's parser does
            return def;
        }

        private static LibvirtException ConfigUnsupported(string detail) =>
            TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Network, "unsupported configuration: " + detail, detail);

        private static XElement? Child(XElement parent, string name) => parent.Elements(XName.Get(name, "")).FirstOrDefault();

        private static XElement? Copy(XElement? e) => e == null ? null : new XElement(e);

        /// <summary>virNetworkDefFormat with flags 0: two-space indentation, single-quoted attributes, libvirt's element order.</summary>
        public string Format()
        {
            var sb = new StringBuilder();
            sb.Append("<network>\n");
            sb.Append("  <name>").Append(EscapeText(Name)).Append("</name>\n");
            sb.Append("  <uuid>").Append(Uuid.ToString("D")).Append("</uuid>\n");
            if (_metadata != null && _metadata.HasElements)
            {
                // libvirt dumps metadata with libxml2 (double quotes), one child per line
                sb.Append("  <metadata>\n");
                foreach (var child in _metadata.Elements()) sb.Append("    ").Append(child.ToString(SaveOptions.DisableFormatting)).Append('\n');
                sb.Append("  </metadata>\n");
            }
            if (_forward != null)
            {
                sb.Append("  <forward mode='").Append(ForwardMode).Append('\'');
                foreach (var a in _forward.Attributes().Where(a => a.Name != "mode" && !a.IsNamespaceDeclaration)) Attr(sb, a.Name.LocalName, a.Value);
                ChildrenOrClose(sb, _forward, "  ");
            }
            if (BridgedModes.Contains(ForwardMode))
            {
                sb.Append("  <bridge");
                if (BridgeName != null) Attr(sb, "name", BridgeName);
                Attr(sb, "stp", Stp ? "on" : "off");
                Attr(sb, "delay", Delay);
                OtherAttributes(sb, _bridge, "name", "stp", "delay");
                sb.Append("/>\n");
            }
            else if (_bridge != null)
            {
                sb.Append("  <bridge");
                if (BridgeName != null) Attr(sb, "name", BridgeName);
                OtherAttributes(sb, _bridge, "name", "stp", "delay");
                sb.Append("/>\n");
            }
            if (_mtu != null) Serialize(sb, _mtu, "  ");
            if (Mac != null) { sb.Append("  <mac"); Attr(sb, "address", Mac); sb.Append("/>\n"); }
            if (_domain != null) Serialize(sb, _domain, "  ");
            if (_dns != null) Serialize(sb, _dns, "  ");
            foreach (var ip in _ips) FormatIp(sb, ip);
            foreach (var route in _routes) Serialize(sb, route, "  ");
            foreach (var pg in _portgroups)
            {
                // like <ip>, a portgroup is always written with an opening and a closing tag
                sb.Append("  <portgroup");
                foreach (var a in pg.Attributes().Where(a => !a.IsNamespaceDeclaration)) Attr(sb, a.Name.LocalName, a.Value);
                sb.Append(">\n");
                foreach (var c in pg.Elements()) Serialize(sb, c, "    ");
                sb.Append("  </portgroup>\n");
            }
            sb.Append("</network>\n");
            return sb.ToString();
        }

        private static void OtherAttributes(StringBuilder sb, XElement? e, params string[] except)
        {
            if (e == null) return;
            foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration && !except.Contains(a.Name.LocalName))) Attr(sb, a.Name.LocalName, a.Value);
        }

        // the rest of a start tag whose attributes are written: "/>" or ">", its children, and the end tag
        private static void ChildrenOrClose(StringBuilder sb, XElement e, string indent)
        {
            if (!e.HasElements)
            {
                sb.Append("/>\n");
                return;
            }
            sb.Append(">\n");
            foreach (var c in e.Elements()) Serialize(sb, c, indent + "  ");
            sb.Append(indent).Append("</").Append(e.Name.LocalName).Append(">\n");
        }

        /// <summary>An element as libvirt's formatters write it: single-quoted attributes, text on the element's line.</summary>
        private static void Serialize(StringBuilder sb, XElement e, string indent)
        {
            sb.Append(indent).Append('<').Append(e.Name.LocalName);
            foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration)) Attr(sb, a.Name.LocalName, a.Value);
            if (!e.HasElements && e.Value.Length > 0)
            {
                sb.Append('>').Append(EscapeText(e.Value)).Append("</").Append(e.Name.LocalName).Append(">\n");
                return;
            }
            ChildrenOrClose(sb, e, indent);
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
            foreach (var tftp in ip.Elements("tftp")) Serialize(sb, tftp, "    ");
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
                foreach (var boot in dhcp.Elements("bootp")) Serialize(sb, boot, "      ");
                sb.Append("    </dhcp>\n");
            }
            sb.Append("  </ip>\n");
        }

        // virBufferEscapeString: & < > ' " are escaped in attribute values and text alike
        private static void Attr(StringBuilder sb, string name, string value) =>
            sb.Append(' ').Append(name).Append("='").Append(EscapeText(value)).Append('\'');

        private static string EscapeText(string s) =>
            s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&apos;").Replace("\"", "&quot;");
    }
}
