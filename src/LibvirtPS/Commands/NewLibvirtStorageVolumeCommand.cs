using System.Globalization;
using System.Management.Automation;
using System.Security;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// New-LibvirtStorageVolume: creates a volume in a pool (virStorageVolCreateXML), from its XML or from a name
    /// and a size. Writes the new volume.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "LibvirtStorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = BySize)]
    [OutputType(typeof(LibvirtStorageVolume))]
    public sealed class NewLibvirtStorageVolumeCommand : LibvirtConnectedCommandBase
    {
        private const string BySize = "BySize";
        private const string ByXml = "ByXml";

        /// <summary>The pool to create the volume in (pool objects bind by their Pool property).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StoragePoolNameCompleter))]
        public string? Pool { get; set; }

        /// <summary>The name of the new volume.</summary>
        [Parameter(ParameterSetName = BySize, Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Capacity in bytes (PowerShell's 10GB etc. work).</summary>
        [Parameter(ParameterSetName = BySize, Mandatory = true, Position = 1)]
        public ulong Capacity { get; set; }

        /// <summary>Bytes to allocate now (default: libvirt's default for the pool, usually all of it for raw files; 0 = sparse).</summary>
        [Parameter(ParameterSetName = BySize)]
        public ulong? Allocation { get; set; }

        /// <summary>The volume format for file-based pools (raw, qcow2, ...); default: the pool's default (raw).</summary>
        [Parameter(ParameterSetName = BySize)]
        [ValidateNotNullOrEmpty]
        public string? Format { get; set; }

        /// <summary>The volume XML.</summary>
        [Parameter(ParameterSetName = ByXml, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [XmlTextTransformation]
        public string? Xml { get; set; }

        protected override void ProcessRecord()
        {
            string xml = Xml ?? BuildXml();
            string name = Name ?? VolumeName(xml);
            foreach (var c in TargetConnections())
            {
                if (!ShouldProcess("Storage volume '" + name + "' in pool '" + Pool + "' on " + c.Uri, "Create")) continue;
                if (TryRun(c, c.Hypervisor.CreateStorageVolumeAsync(Pool!, xml, 0, CancellationToken), "NewStorageVolumeFailed", name, out var info))
                    WriteObject(new LibvirtStorageVolume(info, c));
            }
        }

        private string BuildXml()
        {
            string xml = "<volume><name>" + SecurityElement.Escape(Name) + "</name><capacity unit='bytes'>" + Capacity.ToString(CultureInfo.InvariantCulture) + "</capacity>";
            if (Allocation.HasValue) xml += "<allocation unit='bytes'>" + Allocation.Value.ToString(CultureInfo.InvariantCulture) + "</allocation>";
            if (Format != null) xml += "<target><format type='" + SecurityElement.Escape(Format) + "'/></target>";
            return xml + "</volume>";
        }

        private static string VolumeName(string xml)
        {
            try { return System.Xml.Linq.XDocument.Parse(xml).Root?.Element("name")?.Value ?? "(unnamed)"; }
            catch (System.Xml.XmlException) { return "(unparsable XML)"; }
        }
    }
}
