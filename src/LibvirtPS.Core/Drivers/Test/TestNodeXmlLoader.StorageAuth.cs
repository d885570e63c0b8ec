using System;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>A pool source's &lt;auth&gt;: chap or ceph, a user name and the secret by uuid or usage.</summary>
    internal sealed class TestStoragePoolAuth
    {
        internal string Type { get; set; } = "";
        internal string Username { get; set; } = "";
        /// <summary>&lt;secret type&gt;, printed back as given.</summary>
        internal string? SecretType { get; set; }
        internal Guid? SecretUuid { get; set; }
        internal string? SecretUsage { get; set; }
    }

    // virStorageAuthDefParse / virSecretLookupParseSecret and their formatting in libvirt 9.0, with their messages
    public static partial class TestNodeXmlLoader
    {
        private static TestStoragePoolAuth ParseAuth(XElement node)
        {
            var auth = new TestStoragePoolAuth();
            auth.Username = NonEmpty((string?)node.Attribute("username"))
                ?? throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "missing username for auth");
            string? type = NonEmpty((string?)node.Attribute("type"));
            if (type != null && type != "none" && type != "chap" && type != "ceph")
            {
                var detail = "unknown auth type '" + type + "'";
                throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Storage, "unsupported configuration: " + detail, detail);
            }
            var secret = Children(node, "secret").FirstOrDefault()
                ?? throw TestDriverErrors.XmlError(LibvirtErrorDomain.Storage, "Missing <secret> element in auth");
            auth.SecretType = (string?)secret.Attribute("type");
            string? uuid = (string?)secret.Attribute("uuid");
            string? usage = (string?)secret.Attribute("usage");
            if (uuid == null && usage == null) throw TestDriverErrors.XmlError(LibvirtErrorDomain.None, "missing secret uuid or usage attribute");
            if (uuid != null && usage != null) throw TestDriverErrors.XmlError(LibvirtErrorDomain.None, "either secret uuid or usage expected");
            if (uuid != null)
            {
                if (!LibvirtNumbers.TryParseUuid(uuid, out var parsed))
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.None, "invalid secret uuid '" + uuid + "'");
                auth.SecretUuid = parsed;
            }
            else
            {
                auth.SecretUsage = usage;
            }
            // a pool's auth must say which (none is no answer)
            if (type == null || type == "none")
            {
                const string detail = "storage pool missing auth type";
                throw TestDriverErrors.Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Storage, "unsupported configuration: " + detail, detail);
            }
            auth.Type = type;
            return auth;
        }

        private static void FormatAuth(StringBuilder sb, TestStoragePoolAuth auth)
        {
            sb.Append("    <auth type='").Append(auth.Type).Append("' username='").Append(Escape(auth.Username)).Append("'>\n");
            // the secret's type is printed as given, unescaped
            sb.Append("      <secret");
            if (auth.SecretType != null) sb.Append(" type='").Append(auth.SecretType).Append('\'');
            if (auth.SecretUuid != null) sb.Append(" uuid='").Append(auth.SecretUuid.Value.ToString("D")).Append("'/>\n");
            else sb.Append(" usage='").Append(Escape(auth.SecretUsage!)).Append("'/>\n");
            sb.Append("    </auth>\n");
        }
    }
}
