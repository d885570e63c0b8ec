using System;
using System.IO;
using System.Xml;

namespace LibvirtPS.Support
{
    /// <summary>Reading libvirt's XML documents in the cmdlets: no DTD, nothing resolved from outside.</summary>
    internal static class LibvirtXml
    {
        /// <summary>Parses <paramref name="text"/>; an <see cref="XmlException"/> when it is not well-formed.</summary>
        internal static XmlDocument Load(string text, bool preserveWhitespace = false)
        {
            var doc = new XmlDocument { PreserveWhitespace = preserveWhitespace, XmlResolver = null };
            using (var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
                doc.Load(reader);
            return doc;
        }

        /// <summary>The &lt;name&gt; and &lt;uuid&gt; of a document, for messages: "(unnamed)" and null when missing or not XML (libvirt itself checks the document).</summary>
        internal static (string Name, Guid? Uuid) Identify(string xml)
        {
            try
            {
                var root = Load(xml).DocumentElement;
                var name = root?["name"]?.InnerText;
                Guid? uuid = Guid.TryParse(root?["uuid"]?.InnerText, out var u) ? u : (Guid?)null;
                return (string.IsNullOrEmpty(name) ? "(unnamed)" : name!, uuid);
            }
            catch (XmlException)
            {
                return ("(unnamed)", null);
            }
        }
    }
}
