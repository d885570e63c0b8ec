using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    // A pool's <source> (virStoragePoolDefParseSource) and the checks of virStoragePoolDefParseXML that depend on the
    // pool type's source needs, in libvirt 9.0's order: the source conflict checks compare what is kept here.
    public static partial class TestNodeXmlLoader
    {
        private static TestStoragePoolSource ParsePoolSource(XElement? element, string type)
        {
            var source = new TestStoragePoolSource();
            var formats = TestPoolTypes.Formats(type);
            if (formats != null) source.Format = formats.Value.Default;
            if (element == null) return source;
            var self = new[] { element };
            source.Name = NonEmpty(FirstValue(self, "name"));
            if (type == "rbd" && source.Name == null)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "element 'name' is mandatory for RBD pool");
            string? format = NonEmpty(FirstAttribute(Children(element, "format"), "type"));
            if (formats != null && format != null)
            {
                source.Format = Array.IndexOf(formats.Value.Names, format);
                if (source.Format < 0)
                    throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Storage,
                        "unsupported configuration: unknown pool format type " + format, "unknown pool format type " + format);
            }
            foreach (var host in Children(element, "host"))
            {
                // virXMLPropString: an empty attribute is a name (only a missing one is refused)
                string? name = (string?)host.Attribute("name");
                if (name == null) throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing storage pool host name");
                source.Hosts.Add((name, HostPort(host)));
            }
            source.InitiatorIqn = NonEmpty(FirstAttribute(Children(element, "initiator").SelectMany(i => Children(i, "iqn")), "name"));
            foreach (var device in Children(element, "device"))
            {
                string? path = (string?)device.Attribute("path");
                if (path == null) throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing storage pool source device path");
                source.Devices.Add((path, PartSeparator(device)));
            }
            string? dir = NonEmpty(FirstAttribute(Children(element, "dir"), "path"));
            if (dir != null) source.Dir = LibvirtFilePath.Sanitize(dir);
            else if (type == "gluster") source.Dir = "/";
            var adapter = Children(element, "adapter").FirstOrDefault();
            if (adapter != null) source.Adapter = ParseAdapter(adapter);
            var auth = Children(element, "auth").FirstOrDefault();
            if (auth != null) source.Auth = ParseAuth(auth);
            source.ProtocolVersion = NonEmpty(FirstAttribute(Children(element, "protocol"), "ver"));
            if (source.ProtocolVersion != null) CheckProtocolVersion(source);
            source.Vendor = NonEmpty(FirstAttribute(Children(element, "vendor"), "name"));
            source.Product = NonEmpty(FirstAttribute(Children(element, "product"), "name"));
            return source;
        }

        // virXMLPropTristateBool: exactly "yes" or "no" when present
        private static bool? PartSeparator(XElement device)
        {
            string? text = (string?)device.Attribute("part_separator");
            if (text == null) return null;
            if (text == "yes") return true;
            if (text == "no") return false;
            throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml, "Invalid value for attribute 'part_separator' in element 'device': '" + text + "'.");
        }

        // An NFS protocol version: libvirt compares the format number with netfs's auto (0) and nfs (1) whatever the
        // pool type, and names it with the netfs names ("(null)" past them), so fs with ext4 reads as 'cifs'
        private static void CheckProtocolVersion(TestStoragePoolSource source)
        {
            if (source.Format != 0 && source.Format != 1)
            {
                var names = TestPoolTypes.NetworkFileSystemFormats;
                string name = source.Format < names.Length ? names[source.Format] : "(null)";
                var detail = "storage pool protocol ver unsupported for pool type '" + name + "'";
                throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Storage, "unsupported configuration: " + detail, detail);
            }
            if (source.ProtocolVersion!.Contains(','))
            {
                var detail = "storage pool protocol ver '" + source.ProtocolVersion + "' must not contain ','";
                throw TestDriverErrors.Make(LibvirtErrorCode.XmlDetail, LibvirtErrorDomain.Storage, detail, detail);
            }
        }

        // virXMLPropInt(base 10): a C int, leading white space and a sign allowed; 0 (no port) when absent
        private static int HostPort(XElement host)
        {
            string? text = (string?)host.Attribute("port");
            if (text == null) return 0;
            if (!LibvirtNumbers.TryParseInt(text, out var port))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml,
                    "Invalid value for attribute 'port' in element 'host': '" + text + "'. Expected integer value");
            return port;
        }

        /// <summary>The source checks between the pool's uuid and its target path, in virStoragePoolDefParseXML's order.</summary>
        private static void CheckPoolSourceNeeds(TestStoragePoolSource source, TestPoolSourceNeeds needs, string poolName)
        {
            if ((needs & TestPoolSourceNeeds.Host) != 0 && source.Hosts.Count == 0)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing storage pool source host name");
            if ((needs & TestPoolSourceNeeds.Dir) != 0 && source.Dir == null)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing storage pool source path");
            if ((needs & TestPoolSourceNeeds.Name) != 0 && source.Name == null)
                source.Name = poolName;
            if ((needs & TestPoolSourceNeeds.Adapter) != 0)
                ValidateAdapter(source.Adapter);
            // a device is required only where it is the type's one kind of source (fs, disk)
            if (needs == TestPoolSourceNeeds.Device && source.Devices.Count == 0)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing storage pool source device name");
        }

        // string(XPath) of libvirt: an empty result is no value
        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        // string(./x/@a): the first such attribute in document order
        private static string? FirstAttribute(IEnumerable<XElement> elements, string attribute) =>
            elements.Select(e => (string?)e.Attribute(attribute)).FirstOrDefault(v => v != null);
    }
}
