using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// New-LibvirtStoragePool: defines a persistent pool from its XML (virStoragePoolDefineXML), optionally builds
    /// (virStoragePoolBuild) and starts it (virStoragePoolCreate); with -Transient starts a transient pool
    /// (virStoragePoolCreateXML). Writes the new pool.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "LibvirtStoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LibvirtStoragePool))]
    public sealed class NewLibvirtStoragePoolCommand : LibvirtConnectedCommandBase
    {
        /// <summary>The pool XML (a string, or the content of a file via Get-Content -Raw).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        [XmlTextTransformation]
        public string? Xml { get; set; }

        /// <summary>Build the pool's storage after defining it (virStoragePoolBuild, e.g. create the directory).</summary>
        [Parameter]
        public SwitchParameter Build { get; set; }

        /// <summary>Start the pool after defining (and building) it.</summary>
        [Parameter]
        public SwitchParameter Start { get; set; }

        /// <summary>Start a transient pool from the XML instead of defining a persistent one (gone when stopped).</summary>
        [Parameter]
        public SwitchParameter Transient { get; set; }

        protected override void ProcessRecord()
        {
            string name = PoolName(Xml!);
            foreach (var c in TargetConnections())
            {
                string target = "Storage pool '" + name + "' on " + c.Uri;
                if (Transient)
                {
                    if (!ShouldProcess(target, "Create transient storage pool")) continue;
                    // VIR_STORAGE_POOL_CREATE_WITH_BUILD = 1
                    if (TryRun(c, c.Hypervisor.CreateStoragePoolAsync(Xml!, Build ? 1u : 0u, CancellationToken), "NewStoragePoolFailed", name, out var created))
                        WriteObject(new LibvirtStoragePool(created, c));
                    continue;
                }
                if (!ShouldProcess(target, "Define storage pool")) continue;
                if (!TryRun(c, c.Hypervisor.DefineStoragePoolAsync(Xml!, CancellationToken), "NewStoragePoolFailed", name, out var info)) continue;
                if (Build && !TryRun(c, c.Hypervisor.BuildStoragePoolAsync(info.Name, 0, CancellationToken), "BuildStoragePoolFailed", info.Name)) continue;
                if (Start)
                {
                    if (!TryRun(c, c.Hypervisor.StartStoragePoolAsync(info.Name, 0, CancellationToken), "StartStoragePoolFailed", info.Name)) continue;
                    if (!TryRun(c, c.Hypervisor.LookupStoragePoolAsync(info.Name, CancellationToken), "GetStoragePoolFailed", info.Name, out info)) continue;
                }
                WriteObject(new LibvirtStoragePool(info, c));
            }
        }

        // the name for ShouldProcess; the daemon validates the XML itself
        private static string PoolName(string xml)
        {
            try
            {
                return System.Xml.Linq.XDocument.Parse(xml).Root?.Element("name")?.Value ?? "(unnamed)";
            }
            catch (System.Xml.XmlException)
            {
                return "(unparsable XML)";
            }
        }
    }
}
