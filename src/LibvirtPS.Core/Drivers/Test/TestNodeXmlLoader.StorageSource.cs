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
            if (element == null) return source;
            var self = new[] { element };
            source.Name = NonEmpty(FirstValue(self, "name"));
            if (type == "rbd" && source.Name == null)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "element 'name' is mandatory for RBD pool");
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
                source.Devices.Add(path);
            }
            string? dir = NonEmpty(FirstAttribute(Children(element, "dir"), "path"));
            if (dir != null) source.Dir = LibvirtFilePath.Sanitize(dir);
            else if (type == "gluster") source.Dir = "/";
            return source;
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
