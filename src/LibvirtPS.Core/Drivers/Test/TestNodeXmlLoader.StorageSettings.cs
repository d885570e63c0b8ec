using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    // A pool's <features>, <target><permissions> and <refresh> as libvirt 9.0 parses (virStoragePoolDefParseFeatures,
    // virStorageDefParsePerms, virStoragePoolDefRefreshParse) and prints them, with its messages.
    public static partial class TestNodeXmlLoader
    {
        private static void ParsePoolFeatures(XElement pool, string type, TestStoragePoolSettings settings)
        {
            var cow = Children(pool, "features").SelectMany(f => Children(f, "cow")).FirstOrDefault();
            if (cow == null) return;
            settings.Cow = YesNo(cow, "state", "cow");
            if (settings.Cow != null && type != "fs" && type != "dir")
            {
                const string detail = "cow feature may only be used for 'fs' and 'dir' pools";
                throw TestDriverErrors.Make(LibvirtErrorCode.NoSupport, LibvirtErrorDomain.Storage,
                    "this function is not supported by the connection driver: " + detail, detail);
            }
        }

        private static void ParsePoolPermissions(XElement pool, TestStoragePoolSettings settings)
        {
            var perms = Children(pool, "target").SelectMany(t => Children(t, "permissions")).FirstOrDefault();
            if (perms == null) return;
            var self = new[] { perms };
            string? mode = NonEmpty(FirstValue(self, "mode"));
            if (mode != null)
            {
                // virStrToLong_i in base 8, and nothing beyond the permission bits
                if (!LibvirtNumbers.TryParseSigned(mode, 8, int.MinValue, int.MaxValue, out var value) || (value & ~0x1FFL) != 0)
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "malformed octal mode");
                settings.Mode = (int)value;
            }
            settings.Owner = Id(perms, "owner", "malformed owner element");
            settings.Group = Id(perms, "group", "malformed group element");
            settings.Label = NonEmpty(FirstValue(self, "label"));
        }

        // a uid_t/gid_t: any value it holds, or -1 (libvirt printed -1 once, so still reads it)
        private static uint Id(XElement perms, string element, string error)
        {
            var node = Children(perms, element).FirstOrDefault();
            if (node == null) return uint.MaxValue;
            if (!LibvirtNumbers.TryParseSigned(node.Value, 10, long.MinValue, long.MaxValue, out var value) || (value != -1 && (value < 0 || value > uint.MaxValue)))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, error);
            return unchecked((uint)value);
        }

        private static void ParsePoolRefresh(XElement pool, TestStoragePoolSettings settings)
        {
            string? allocation = NonEmpty(FirstAttribute(Children(pool, "refresh").SelectMany(r => Children(r, "volume")), "allocation"));
            if (allocation == null) return;
            if (allocation != "default" && allocation != "capacity")
            {
                var detail = "unknown storage pool volume refresh allocation type " + allocation;
                throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Storage, "unsupported configuration: " + detail, detail);
            }
            settings.RefreshAllocation = allocation;
        }

        private static void FormatPoolFeatures(StringBuilder sb, TestStoragePoolSettings settings)
        {
            if (settings.Cow != null)
                sb.Append("  <features>\n    <cow state='").Append(settings.Cow.Value ? "yes" : "no").Append("'/>\n  </features>\n");
        }

        private static void FormatPoolTarget(StringBuilder sb, TestStoragePool pool)
        {
            // network pools (rbd, sheepdog, gluster, iscsi-direct) have no local target
            if (pool.TargetPath == null) return;
            var settings = pool.Settings;
            sb.Append("  <target>\n    <path>").Append(Escape(pool.TargetPath)).Append("</path>\n");
            if (settings.HasPermissions)
            {
                sb.Append("    <permissions>\n");
                if (settings.Mode != -1) sb.Append("      <mode>0").Append(Convert.ToString(settings.Mode, 8)).Append("</mode>\n");
                // printed as a C int: a gid of 4294967294 reads -2
                if (settings.Owner != uint.MaxValue) sb.Append("      <owner>").Append(unchecked((int)settings.Owner).ToString(CultureInfo.InvariantCulture)).Append("</owner>\n");
                if (settings.Group != uint.MaxValue) sb.Append("      <group>").Append(unchecked((int)settings.Group).ToString(CultureInfo.InvariantCulture)).Append("</group>\n");
                if (settings.Label != null) sb.Append("      <label>").Append(Escape(settings.Label)).Append("</label>\n");
                sb.Append("    </permissions>\n");
            }
            sb.Append("  </target>\n");
        }

        private static void FormatPoolRefresh(StringBuilder sb, TestStoragePoolSettings settings)
        {
            if (settings.RefreshAllocation != null)
                sb.Append("  <refresh>\n    <volume allocation='").Append(settings.RefreshAllocation).Append("'/>\n  </refresh>\n");
        }
    }
}
