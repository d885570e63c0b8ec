using System.Globalization;
using System.Text;

namespace LibvirtPS.Core.Drivers.Test
{
    // virStoragePoolSourceFormat: the <source> of a pool's XML, each part only where the pool type takes it, in
    // libvirt 9.0's order (hosts, devices, dir, adapter, name, initiator, format, auth, protocol, vendor, product).
    public static partial class TestNodeXmlLoader
    {
        private static void FormatPoolSource(StringBuilder sb, TestStoragePool pool)
        {
            var needs = TestPoolTypes.Needs(pool.Type);
            var source = pool.Source;
            sb.Append("  <source>\n");
            if ((needs & TestPoolSourceNeeds.Host) != 0)
            {
                foreach (var (name, port) in source.Hosts)
                {
                    sb.Append("    <host name='").Append(Escape(name)).Append('\'');
                    if (port != 0) sb.Append(" port='").Append(port.ToString(CultureInfo.InvariantCulture)).Append('\'');
                    sb.Append("/>\n");
                }
            }
            if ((needs & TestPoolSourceNeeds.Device) != 0)
            {
                foreach (var (path, partSeparator) in source.Devices)
                {
                    sb.Append("    <device path='").Append(Escape(path)).Append('\'');
                    if (partSeparator != null) sb.Append(" part_separator='").Append(partSeparator.Value ? "yes" : "no").Append('\'');
                    sb.Append("/>\n");
                }
            }
            if ((needs & TestPoolSourceNeeds.Dir) != 0 && source.Dir != null)
                sb.Append("    <dir path='").Append(Escape(source.Dir)).Append("'/>\n");
            if ((needs & TestPoolSourceNeeds.Adapter) != 0 && source.Adapter.Kind != TestStoragePoolAdapter.AdapterKind.None)
                FormatAdapter(sb, source.Adapter);
            if ((needs & TestPoolSourceNeeds.Name) != 0 && source.Name != null)
                sb.Append("    <name>").Append(Escape(source.Name)).Append("</name>\n");
            if ((needs & TestPoolSourceNeeds.InitiatorIqn) != 0 && source.InitiatorIqn != null)
                sb.Append("    <initiator>\n      <iqn name='").Append(Escape(source.InitiatorIqn)).Append("'/>\n    </initiator>\n");
            var formats = TestPoolTypes.Formats(pool.Type);
            if (formats != null)
                sb.Append("    <format type='").Append(formats.Value.Names[source.Format]).Append("'/>\n");
            if (source.Auth != null)
                FormatAuth(sb, source.Auth);
            if (source.ProtocolVersion != null)
                sb.Append("    <protocol ver='").Append(Escape(source.ProtocolVersion)).Append("'/>\n");
            if (source.Vendor != null)
                sb.Append("    <vendor name='").Append(Escape(source.Vendor)).Append("'/>\n");
            if (source.Product != null)
                sb.Append("    <product name='").Append(Escape(source.Product)).Append("'/>\n");
            sb.Append("  </source>\n");
        }
    }
}
