using System;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// New-LibvirtDomain: defines domains from their XML (virDomainDefineXML), optionally starting them
    /// (virDomainCreate); with -Transient starts them without a definition (virDomainCreateXML).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class NewLibvirtDomainCommand : LibvirtConnectedCommandBase
    {
        /// <summary>The domain XML (libvirt's &lt;domain&gt; document); [xml] documents are taken as their text.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [XmlTextTransformation]
        [ValidateNotNullOrEmpty]
        public string[]? Xml { get; set; }

        /// <summary>Start the domain once defined (virDomainCreate).</summary>
        [Parameter]
        public SwitchParameter Start { get; set; }

        /// <summary>Start a transient domain without defining it (virDomainCreateXML).</summary>
        [Parameter]
        public SwitchParameter Transient { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var c in TargetConnections())
            {
                foreach (var xml in Xml!)
                {
                    var name = LibvirtXml.Identify(xml).Name;
                    var target = "Domain '" + name + "' on " + c.Uri;
                    var action = Transient ? "Create (transient)" : Start ? "Define and start" : "Define";
                    if (!ShouldProcess(target, action)) continue;
                    if (Transient)
                    {
                        if (TryRun(c, c.Hypervisor.CreateDomainAsync(xml, false, CancellationToken), "CreateDomainFailed", name, out var created))
                            WriteObject(new LibvirtDomain(created, c));
                        continue;
                    }
                    if (!TryRun(c, c.Hypervisor.DefineDomainAsync(xml, CancellationToken), "DefineDomainFailed", name, out var defined))
                        continue;
                    if (Start)
                    {
                        if (!TryRun(c, c.Hypervisor.StartDomainAsync(defined.Uuid, false, CancellationToken), "StartDomainFailed", defined.Name))
                            continue;
                        if (!TryRun(c, c.Hypervisor.LookupDomainByUuidAsync(defined.Uuid, CancellationToken), "GetDomainFailed", defined.Name, out defined))
                            continue;
                    }
                    WriteObject(new LibvirtDomain(defined, c));
                }
            }
        }
    }
}
