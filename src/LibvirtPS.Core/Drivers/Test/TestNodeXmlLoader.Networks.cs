using System.Linq;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    // testParseNetworks: /node/network elements (inline or file='x.xml'), each defined persistent and then active.
    public static partial class TestNodeXmlLoader
    {
        /// <summary>test:///default's network, as libvirt 9.0's defaultConnXML has it.</summary>
        internal const string DefaultNetworkXml =
            "<network>" +
            "  <name>default</name>" +
            "  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>" +
            "  <bridge name='virbr0'/>" +
            "  <forward/>" +
            "  <ip address='192.168.122.1' netmask='255.255.255.0'>" +
            "    <dhcp>" +
            "      <range start='192.168.122.2' end='192.168.122.254'/>" +
            "    </dhcp>" +
            "  </ip>" +
            "</network>";

        private static void PopulateNetworks(TestDriverState state, XElement root, string? file)
        {
            foreach (var element in Children(root, "network").ToList())
            {
                var def = TestNetworkDefinition.Parse(ResolveFileReference(element, file, "network"));
                // virNetworkObjAssignDef(flags 0): a persistent network; the same name with another uuid (or the
                // reverse) is refused as at run time
                var network = TestNetworks.AssignDefinition(state, def, live: false);
                network.Persistent = true;
                network.Active = true;
            }
        }

        /// <summary>virNetworkDefParseString for a network defined or created at run time.</summary>
        internal static TestNetworkDefinition ParseNetworkText(string xml)
        {
            XDocument doc;
            try
            {
                doc = ParseText(xml, "(network_definition)", "network");
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.XmlDetail)
            {
                // the network parser reports libxml2's errors from the network driver
                throw TestDriverErrors.Make(LibvirtErrorCode.XmlDetail, LibvirtErrorDomain.Network, e.Message, e.Message);
            }
            return TestNetworkDefinition.Parse(doc.Root!);
        }
    }
}
