using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// New-LibvirtNetwork: defines networks from their XML (virNetworkDefineXML), optionally starting them
    /// (virNetworkCreate); with -Transient starts them without a definition (virNetworkCreateXML).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "LibvirtNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LibvirtNetwork))]
    public sealed class NewLibvirtNetworkCommand : LibvirtConnectedCommandBase
    {
        /// <summary>The network XML (libvirt's &lt;network&gt; document); [xml] documents are taken as their text.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [XmlTextTransformation]
        [ValidateNotNullOrEmpty]
        public string[]? Xml { get; set; }

        /// <summary>Start the network once defined (virNetworkCreate).</summary>
        [Parameter]
        public SwitchParameter Start { get; set; }

        /// <summary>Start a transient network without defining it (virNetworkCreateXML).</summary>
        [Parameter]
        public SwitchParameter Transient { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var c in TargetConnections())
            {
                foreach (var xml in Xml!)
                {
                    var name = LibvirtXml.Identify(xml).Name;
                    var action = Transient ? "Create (transient)" : Start ? "Define and start" : "Define";
                    if (!ShouldProcess("Network '" + name + "' on " + c.Uri, action)) continue;
                    if (Transient)
                    {
                        if (TryRun(c, c.Hypervisor.CreateNetworkAsync(xml, CancellationToken), "CreateNetworkFailed", name, out var created))
                            WriteObject(new LibvirtNetwork(created, c));
                        continue;
                    }
                    if (!TryRun(c, c.Hypervisor.DefineNetworkAsync(xml, CancellationToken), "DefineNetworkFailed", name, out var defined))
                        continue;
                    if (Start)
                    {
                        if (!TryRun(c, c.Hypervisor.StartNetworkAsync(defined, CancellationToken), "StartNetworkFailed", defined.Name))
                            continue;
                        if (!TryRun(c, c.Hypervisor.LookupNetworkByUuidAsync(defined.Uuid, CancellationToken), "GetNetworkFailed", defined.Name, out defined))
                            continue;
                    }
                    WriteObject(new LibvirtNetwork(defined, c));
                }
            }
        }
    }
}
