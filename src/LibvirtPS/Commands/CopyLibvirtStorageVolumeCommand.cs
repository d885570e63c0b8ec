using System.Linq;
using System.Management.Automation;
using System.Xml.Linq;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Copy-LibvirtStorageVolume: clones a volume (virStorageVolCreateXMLFrom) under a new name, in the same pool or
    /// another one, as virsh vol-clone does: the source's XML with the new name (key and path are the pool's to choose).
    /// Writes the new volume.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "LibvirtStorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LibvirtStorageVolume))]
    public sealed class CopyLibvirtStorageVolumeCommand : LibvirtStorageVolumeCommandBase
    {
        /// <summary>The name of the copy.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? NewName { get; set; }

        /// <summary>The pool to create the copy in; default: the source's pool.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StoragePoolNameCompleter))]
        public string? DestinationPool { get; set; }

        protected override string Action => "Copy to '" + NewName + "'" + (DestinationPool != null ? " in pool '" + DestinationPool + "'" : "");

        protected override void Act(LibvirtConnection connection, string pool, string name)
        {
            var hv = connection.Hypervisor;
            if (!TryRun(connection, hv.GetStorageVolumeXmlAsync(pool, name, CancellationToken), "CopyStorageVolumeFailed", name, out var xml)) return;
            var doc = XDocument.Parse(xml);
            var root = doc.Root!;
            root.Element("name")!.Value = NewName!;
            // virshMakeCloneXML changes only the name; the key and target path of the source would name the source
            root.Element("key")?.Remove();
            root.Element("target")?.Element("path")?.Remove();
            if (TryRun(connection, hv.CloneStorageVolumeAsync(DestinationPool ?? pool, doc.ToString(), pool, name, 0, CancellationToken),
                    "CopyStorageVolumeFailed", name, out var info))
                WriteObject(new LibvirtStorageVolume(info, connection));
        }
    }
}
