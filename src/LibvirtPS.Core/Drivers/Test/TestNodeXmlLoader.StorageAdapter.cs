using System.Globalization;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    // A pool source's <adapter> as libvirt 9.0 parses (virStorageAdapterParseXML), validates for scsi pools
    // (virStorageAdapterValidate) and prints it (virStorageAdapterFormat), with its messages.
    public static partial class TestNodeXmlLoader
    {
        private static TestStoragePoolAdapter ParseAdapter(XElement node)
        {
            var adapter = new TestStoragePoolAdapter();
            string? type = (string?)node.Attribute("type");
            if (type == null) return ParseLegacyAdapter(node, adapter);
            if (type == "scsi_host") adapter.Kind = TestStoragePoolAdapter.AdapterKind.ScsiHost;
            else if (type == "fc_host") adapter.Kind = TestStoragePoolAdapter.AdapterKind.FcHost;
            else throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml, "Invalid value for attribute 'type' in element 'adapter': '" + type + "'.");

            if (adapter.Kind == TestStoragePoolAdapter.AdapterKind.FcHost)
            {
                adapter.Managed = YesNo(node, "managed", "adapter");
                adapter.Parent = (string?)node.Attribute("parent");
                adapter.ParentWwnn = (string?)node.Attribute("parent_wwnn");
                adapter.ParentWwpn = (string?)node.Attribute("parent_wwpn");
                adapter.ParentFabricWwn = (string?)node.Attribute("parent_fabric_wwn");
                adapter.Wwpn = (string?)node.Attribute("wwpn");
                adapter.Wwnn = (string?)node.Attribute("wwnn");
                return adapter;
            }
            adapter.Name = (string?)node.Attribute("name");
            var parentAddresses = Children(node, "parentaddr").ToList();
            if (parentAddresses.Count > 0)
            {
                var address = parentAddresses.SelectMany(p => Children(p, "address")).FirstOrDefault()
                    ?? throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "Missing scsi_host PCI address element");
                adapter.HasParent = true;
                adapter.ParentAddress = ParsePciAddress(address);
                string? uniqueId = NonEmpty(FirstAttribute(parentAddresses, "unique_id"));
                if (uniqueId == null || !LibvirtNumbers.TryParseInt(uniqueId, out var id) || id < 0)
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "Missing or invalid scsi adapter 'unique_id' value");
                adapter.UniqueId = id;
            }
            return adapter;
        }

        // an adapter without a type: only a scsi_host name, as before libvirt had adapter types
        private static TestStoragePoolAdapter ParseLegacyAdapter(XElement node, TestStoragePoolAdapter adapter)
        {
            if (node.Attribute("wwnn") != null || node.Attribute("wwpn") != null || node.Attribute("parent") != null)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the adapter 'type'");
            if (Children(node, "parentaddr").Any())
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "Use of 'parentaddr' element requires use of the adapter 'type'");
            adapter.Name = (string?)node.Attribute("name");
            if (adapter.Name != null) adapter.Kind = TestStoragePoolAdapter.AdapterKind.ScsiHost;
            return adapter;
        }

        // virPCIDeviceAddressParseXML: numbers in any C base; an all-zero address is taken as it is
        private static (uint, uint, uint, uint) ParsePciAddress(XElement address)
        {
            uint domain = PciNumber(address, "domain"), bus = PciNumber(address, "bus"), slot = PciNumber(address, "slot"), function = PciNumber(address, "function");
            string? multifunction = (string?)address.Attribute("multifunction");
            if (multifunction != null && multifunction != "on" && multifunction != "off")
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml, "Invalid value for attribute 'multifunction' in element 'address': '" + multifunction + "'.");
            if (domain != 0 || bus != 0 || slot != 0)
            {
                if (bus > 0xFF) throw PciError("bus='0x" + bus.ToString("x", CultureInfo.InvariantCulture) + "', must be <= 0xFF");
                if (slot > 0x1F) throw PciError("slot='0x" + slot.ToString("x", CultureInfo.InvariantCulture) + "', must be <= 0x1F");
                if (function > 7) throw PciError("function=0x" + function.ToString("x", CultureInfo.InvariantCulture) + ", must be <= 7");
            }
            return (domain, bus, slot, function);
        }

        private static LibvirtException PciError(string what) => TestDriverErrors.XmlError(LibvirtErrorDomain.None, "Invalid PCI address " + what);

        private static uint PciNumber(XElement address, string attribute)
        {
            string? text = (string?)address.Attribute(attribute);
            if (text == null) return 0;
            if (!LibvirtNumbers.TryParseUnsignedAnyBase(text, uint.MaxValue, out var value))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml,
                    "Invalid value for attribute '" + attribute + "' in element 'address': '" + text + "'. Expected non-negative integer value");
            return (uint)value;
        }

        // virXMLPropTristateBool: exactly "yes" or "no" when present
        private static bool? YesNo(XElement element, string attribute, string elementName)
        {
            string? text = (string?)element.Attribute(attribute);
            if (text == null) return null;
            if (text == "yes") return true;
            if (text == "no") return false;
            throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml,
                "Invalid value for attribute '" + attribute + "' in element '" + elementName + "': '" + text + "'.");
        }

        /// <summary>virStorageAdapterValidate, for the pool types that take an adapter (scsi).</summary>
        private static void ValidateAdapter(TestStoragePoolAdapter adapter)
        {
            switch (adapter.Kind)
            {
                case TestStoragePoolAdapter.AdapterKind.None:
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing storage pool source adapter");
                case TestStoragePoolAdapter.AdapterKind.FcHost:
                    if (adapter.Wwnn == null || adapter.Wwpn == null)
                        throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "'wwnn' and 'wwpn' must be specified for adapter type 'fchost'");
                    ValidateWwn(adapter.Wwnn);
                    ValidateWwn(adapter.Wwpn);
                    if (adapter.ParentWwnn != null && adapter.ParentWwpn == null)
                        throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "when providing parent_wwnn='" + adapter.ParentWwnn + "', the parent_wwpn must also be provided");
                    if (adapter.ParentWwnn == null && adapter.ParentWwpn != null)
                        throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "when providing parent_wwpn='" + adapter.ParentWwpn + "', the parent_wwnn must also be provided");
                    if (adapter.ParentWwnn != null) ValidateWwn(adapter.ParentWwnn);
                    if (adapter.ParentWwpn != null) ValidateWwn(adapter.ParentWwpn);
                    if (adapter.ParentFabricWwn != null) ValidateWwn(adapter.ParentFabricWwn);
                    break;
                case TestStoragePoolAdapter.AdapterKind.ScsiHost:
                    if (adapter.Name == null && !adapter.HasParent)
                        throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "Either 'name' or 'parent' must be specified for the 'scsi_host' adapter");
                    if (adapter.Name != null && adapter.HasParent)
                        throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "Both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter");
                    break;
            }
        }

        // virValidateWWN: 16 hex digits, optionally after a lower-case "0x"
        private static void ValidateWwn(string wwn)
        {
            string digits = wwn.StartsWith("0x", System.StringComparison.Ordinal) ? wwn.Substring(2) : wwn;
            if (digits.Length != 16 || digits.Any(c => !System.Uri.IsHexDigit(c)))
                throw TestDriverErrors.Make(LibvirtErrorCode.InternalError, LibvirtErrorDomain.None, "internal error: Malformed wwn: " + wwn, "Malformed wwn: " + wwn);
        }

        private static void FormatAdapter(StringBuilder sb, TestStoragePoolAdapter adapter)
        {
            if (adapter.Kind == TestStoragePoolAdapter.AdapterKind.FcHost)
            {
                sb.Append("    <adapter type='fc_host'");
                if (adapter.Parent != null) sb.Append(" parent='").Append(Escape(adapter.Parent)).Append('\'');
                if (adapter.ParentWwnn != null) sb.Append(" parent_wwnn='").Append(Escape(adapter.ParentWwnn)).Append('\'');
                if (adapter.ParentWwpn != null) sb.Append(" parent_wwpn='").Append(Escape(adapter.ParentWwpn)).Append('\'');
                if (adapter.ParentFabricWwn != null) sb.Append(" parent_fabric_wwn='").Append(Escape(adapter.ParentFabricWwn)).Append('\'');
                if (adapter.Managed != null) sb.Append(" managed='").Append(adapter.Managed.Value ? "yes" : "no").Append('\'');
                sb.Append(" wwnn='").Append(adapter.Wwnn).Append("' wwpn='").Append(adapter.Wwpn).Append("'/>\n");
            }
            else if (adapter.Name != null)
            {
                // libvirt prints the name unescaped
                sb.Append("    <adapter type='scsi_host' name='").Append(adapter.Name).Append("'/>\n");
            }
            else
            {
                var (domain, bus, slot, function) = adapter.ParentAddress;
                sb.Append("    <adapter type='scsi_host'>\n");
                sb.Append("      <parentaddr unique_id='").Append(adapter.UniqueId.ToString(CultureInfo.InvariantCulture)).Append("'>\n");
                sb.Append("        <address domain='0x").Append(domain.ToString("x4", CultureInfo.InvariantCulture))
                    .Append("' bus='0x").Append(bus.ToString("x2", CultureInfo.InvariantCulture))
                    .Append("' slot='0x").Append(slot.ToString("x2", CultureInfo.InvariantCulture))
                    .Append("' function='0x").Append(function.ToString(CultureInfo.InvariantCulture)).Append("'/>\n");
                sb.Append("      </parentaddr>\n    </adapter>\n");
            }
        }
    }
}
