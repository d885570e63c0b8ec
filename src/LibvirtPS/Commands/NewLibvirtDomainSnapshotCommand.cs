using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Xml.Linq;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// New-LibvirtDomainSnapshot: virDomainSnapshotCreateXML, with the XML built from -Name/-Description (as virsh
    /// snapshot-create-as builds it) or given whole with -Xml (virsh snapshot-create). The switches are virsh's flags; libvirt
    /// checks their combinations (CURRENT needs REDEFINE, REDEFINE excludes HALT and NO_METADATA), so the errors are its own.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "LibvirtDomainSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByDomain)]
    [OutputType(typeof(LibvirtDomainSnapshot))]
    public sealed class NewLibvirtDomainSnapshotCommand : LibvirtConnectedCommandBase
    {
        private const string ByDomainName = "ByDomainName";
        private const string ByDomain = "ByDomain";

        /// <summary>The domain's name (exact).</summary>
        [Parameter(ParameterSetName = ByDomainName, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DomainNameCompleter))]
        public string[]? DomainName { get; set; }

        /// <summary>Domains as Get-LibvirtDomain writes them.</summary>
        [Parameter(ParameterSetName = ByDomain, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public LibvirtDomain[]? Domain { get; set; }

        /// <summary>The snapshot's name; libvirt uses the creation time (seconds since 1970) when omitted.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>A free-form description.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>The whole &lt;domainsnapshot&gt; XML instead of -Name/-Description.</summary>
        [Parameter]
        [XmlTextTransformation]
        [ValidateNotNullOrEmpty]
        public string? Xml { get; set; }

        /// <summary>
        /// VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE (virsh snapshot-create --redefine): -Xml is a whole snapshot definition
        /// (as Get-LibvirtDomainSnapshot's Xml gives it) that replaces the metadata of the snapshot of that name, or adds
        /// the snapshot; nothing is taken from the domain.
        /// </summary>
        [Parameter] public SwitchParameter Redefine { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT (virsh --current): with -Redefine, the snapshot becomes current.</summary>
        [Parameter] public SwitchParameter Current { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_CREATE_HALT: stop the domain once the snapshot is taken.</summary>
        [Parameter] public SwitchParameter Halt { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY: disks only, no memory state (the test driver refuses it).</summary>
        [Parameter] public SwitchParameter DiskOnly { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA: libvirt keeps no metadata for it (the test driver refuses it).</summary>
        [Parameter] public SwitchParameter NoMetadata { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE: freeze guest file systems through the guest agent.</summary>
        [Parameter] public SwitchParameter Quiesce { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC: all disks or none.</summary>
        [Parameter] public SwitchParameter Atomic { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_CREATE_LIVE: keep the guest running while the memory is saved.</summary>
        [Parameter] public SwitchParameter Live { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE: validate the XML against libvirt's schema.</summary>
        [Parameter] public SwitchParameter Validate { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Xml != null && (Name != null || Description != null))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Xml gives the whole snapshot definition: use it without -Name and -Description."),
                    "XmlWithName", ErrorCategory.InvalidArgument, null));
            }
        }

        /// <summary>The XML virsh snapshot-create-as sends for --name/--description (XElement escapes the text).</summary>
        internal static string BuildXml(string? name, string? description)
        {
            var root = new XElement("domainsnapshot");
            if (name != null) root.Add(new XElement("name", name));
            if (description != null) root.Add(new XElement("description", description));
            return root.ToString();
        }

        private DomainSnapshotCreateFlags Flags()
        {
            var f = DomainSnapshotCreateFlags.None;
            if (Redefine) f |= DomainSnapshotCreateFlags.Redefine;
            if (Current) f |= DomainSnapshotCreateFlags.Current;
            if (Halt) f |= DomainSnapshotCreateFlags.Halt;
            if (DiskOnly) f |= DomainSnapshotCreateFlags.DiskOnly;
            if (NoMetadata) f |= DomainSnapshotCreateFlags.NoMetadata;
            if (Quiesce) f |= DomainSnapshotCreateFlags.Quiesce;
            if (Atomic) f |= DomainSnapshotCreateFlags.Atomic;
            if (Live) f |= DomainSnapshotCreateFlags.Live;
            if (Validate) f |= DomainSnapshotCreateFlags.Validate;
            return f;
        }

        protected override void ProcessRecord()
        {
            string xml = Xml ?? BuildXml(Name, Description);
            var flags = Flags();
            foreach (var (c, uuid, domainName) in Targets())
            {
                if (!ShouldProcess("Domain '" + domainName + "' on " + c.Uri, "Create snapshot" + (Name != null ? " '" + Name + "'" : ""))) continue;
                WriteVerbose("snapshot XML: " + xml + "; flags " + flags);
                if (TryRun(c, c.Hypervisor.CreateDomainSnapshotAsync(uuid, xml, flags, CancellationToken), "CreateSnapshotFailed", domainName, out var s))
                    WriteObject(new LibvirtDomainSnapshot(s, c));
            }
        }

        private IEnumerable<(LibvirtConnection, Guid, string)> Targets()
        {
            if (ParameterSetName == ByDomain)
            {
                foreach (var d in Domain!) yield return (d.Connection, d.Uuid, d.Name);
                yield break;
            }
            foreach (var c in TargetConnections())
                foreach (var n in DomainName!)
                    if (TryRun(c, c.Hypervisor.LookupDomainByNameAsync(n, CancellationToken), "GetDomainFailed", n, out var d))
                        yield return (c, d.Uuid, d.Name);
        }
    }
}
