using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    // Storage XML of the test driver: <pool> elements of a node file (each running and persistent, with its
    // <volume> children), pool and volume XML given at run time, and the XML the test driver prints back.
    public static partial class TestNodeXmlLoader
    {
        private static readonly string[] PoolTypes =
        {
            "dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage",
        };

        /// <summary>testParseStorage: the node's pools, active and persistent, with their volumes counted in the pool's allocation.</summary>
        internal static void PopulateStorage(TestDriverState state, XElement root, string? file)
        {
            foreach (var element in Children(root, "pool").ToList())
            {
                var poolElement = ResolveFileReference(element, file, "pool");
                var def = ParsePool(poolElement);
                // the same name and uuid again updates the first pool: it keeps its definition (it is running) and
                // its volumes, its sizes start again, and this element's volumes join it
                var pool = TestStoragePoolConflicts.CheckAdd(state.PoolsUnlocked.ToList(), def, refuseActive: false);
                if (pool != null)
                {
                    TestDriverState.SetPoolDefaults(pool);
                }
                else
                {
                    pool = def;
                    pool.Active = true;
                    pool.Persistent = true;
                    state.AddPool(pool);
                }
                foreach (var v in Children(element, "volume").ToList())
                {
                    var volume = ParseVolume(ResolveFileReference(v, file, "volume"), pool);
                    AddVolume(pool, volume);
                }
            }
        }

        internal static void AddVolume(TestStoragePool pool, TestStorageVolume volume)
        {
            pool.Volumes.Add(volume);
            pool.Allocation += volume.Allocation;
            pool.Available = pool.Capacity - pool.Allocation;
        }

        /// <summary>virStoragePoolDefParseString for a pool defined or created at run time.</summary>
        internal static TestStoragePool ParsePoolText(string xml) =>
            ParsePool(ParseText(xml, "(storage_pool_definition)", "pool").Root!);

        internal static TestStorageVolume ParseVolumeText(string xml, TestStoragePool pool) =>
            ParseVolume(ParseText(xml, "(storage_volume_definition)", "volume").Root!, pool);

        // virStoragePoolDefParseXML: type, source, name (a source name stands in for a missing one), uuid, features, the
        // source the type needs, the target path (derived for logical and zfs, none for network pools, sanitized) and
        // its permissions, the iscsi-direct initiator, the refresh policy
        private static TestStoragePool ParsePool(XElement element)
        {
            string? type = (string?)element.Attribute("type");
            if (type == null || !PoolTypes.Contains(type))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "Invalid value for attribute 'type' in element 'pool': '" + (type ?? "(null)") + "'.");
            var needs = TestPoolTypes.Needs(type);
            var source = ParsePoolSource(Children(element, "source").FirstOrDefault(), type);
            string? name = NonEmpty(FirstValue(new[] { element }, "name"));
            if (name == null && (needs & TestPoolSourceNeeds.Name) != 0) name = source.Name;
            if (name == null) throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing pool source name element");
            if (name.Contains('/')) throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "name " + name + " cannot contain '/'");
            Guid uuid;
            string? uuidText = NonEmpty(FirstValue(new[] { element }, "uuid"));
            if (uuidText == null) uuid = Guid.NewGuid();
            else if (!LibvirtNumbers.TryParseUuid(uuidText, out uuid)) throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "malformed uuid element");
            var settings = new TestStoragePoolSettings();
            ParsePoolFeatures(element, type, settings);
            CheckPoolSourceNeeds(source, needs, name);
            string? path = null;
            if ((needs & TestPoolSourceNeeds.Network) == 0)
            {
                if (type == "logical") path = "/dev/" + source.Name;
                else if (type == "zfs") path = "/dev/zvol/" + source.Name;
                else path = NonEmpty(Children(element, "target").SelectMany(t => Children(t, "path")).FirstOrDefault()?.Value);
                if (path == null) throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing storage pool target path");
                path = LibvirtFilePath.Sanitize(path);
                ParsePoolPermissions(element, settings);
            }
            if (type == "iscsi-direct" && source.InitiatorIqn == null)
                throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Storage,
                    "unsupported configuration: missing initiator IQN", "missing initiator IQN");
            ParsePoolRefresh(element, settings);
            return new TestStoragePool(name, uuid, type, path, source, settings);
        }

        private static TestStorageVolume ParseVolume(XElement element, TestStoragePool pool)
        {
            string? name = FirstValue(new[] { element }, "name");
            if (string.IsNullOrEmpty(name)) throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing volume name element");
            var capacityElement = Children(element, "capacity").FirstOrDefault()
                ?? throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing capacity element");
            ulong capacity = Size(capacityElement);
            var allocationElement = Children(element, "allocation").FirstOrDefault();
            ulong allocation = allocationElement != null ? Size(allocationElement) : capacity;
            // g_strdup_printf("%s/%s") of the test driver: a network pool's missing target prints as "(null)"
            return new TestStorageVolume(name!, (pool.TargetPath ?? "(null)") + "/" + name, capacity, allocation);
        }

        // virDomainParseScaledValue: a number with an optional unit attribute (bytes by default)
        private static ulong Size(XElement element)
        {
            if (!LibvirtNumbers.TryParseUnsigned(element.Value.Trim(), ulong.MaxValue, out var value))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "malformed " + element.Name.LocalName + " element");
            return LibvirtNumbers.ScaleInteger(value, (string?)element.Attribute("unit"), 1, ulong.MaxValue);
        }

        /// <summary>testStoragePoolGetXMLDesc: the pool as the test driver formats it.</summary>
        internal static string FormatPool(TestStoragePool pool)
        {
            var sb = new StringBuilder();
            sb.Append("<pool type='").Append(pool.Type).Append("'>\n");
            sb.Append("  <name>").Append(Escape(pool.Name)).Append("</name>\n");
            sb.Append("  <uuid>").Append(pool.Uuid.ToString("D")).Append("</uuid>\n");
            sb.Append("  <capacity unit='bytes'>").Append(pool.Capacity.ToString(CultureInfo.InvariantCulture)).Append("</capacity>\n");
            sb.Append("  <allocation unit='bytes'>").Append(pool.Allocation.ToString(CultureInfo.InvariantCulture)).Append("</allocation>\n");
            sb.Append("  <available unit='bytes'>").Append(pool.Available.ToString(CultureInfo.InvariantCulture)).Append("</available>\n");
            FormatPoolFeatures(sb, pool.Settings);
            FormatPoolSource(sb, pool);
            FormatPoolTarget(sb, pool);
            FormatPoolRefresh(sb, pool.Settings);
            sb.Append("</pool>\n");
            return sb.ToString();
        }

        /// <summary>testStorageVolGetXMLDesc.</summary>
        internal static string FormatVolume(TestStorageVolume volume)
        {
            var sb = new StringBuilder();
            sb.Append("<volume type='file'>\n");
            sb.Append("  <name>").Append(Escape(volume.Name)).Append("</name>\n");
            sb.Append("  <key>").Append(Escape(volume.Key)).Append("</key>\n");
            sb.Append("  <capacity unit='bytes'>").Append(volume.Capacity.ToString(CultureInfo.InvariantCulture)).Append("</capacity>\n");
            sb.Append("  <allocation unit='bytes'>").Append(volume.Allocation.ToString(CultureInfo.InvariantCulture)).Append("</allocation>\n");
            sb.Append("  <target>\n    <path>").Append(Escape(volume.Path)).Append("</path>\n    <format type='raw'/>\n  </target>\n");
            sb.Append("</volume>\n");
            return sb.ToString();
        }

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&apos;").Replace("\"", "&quot;");
    }
}
