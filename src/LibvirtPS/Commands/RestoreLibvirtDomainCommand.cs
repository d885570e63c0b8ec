using System;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Restore-LibvirtDomain: starts the domain saved in a file on the daemon's host (virDomainRestore /
    /// virDomainRestoreFlags). The image's XML (virDomainSaveImageGetXMLDesc) names the domain for -WhatIf/-Confirm
    /// and -PassThru.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class RestoreLibvirtDomainCommand : LibvirtConnectedCommandBase
    {
        /// <summary>Save files on the daemon's host (relative paths are made absolute against the current location, as virsh does).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>VIR_DOMAIN_SAVE_BYPASS_CACHE (virsh restore --bypass-cache).</summary>
        [Parameter]
        public SwitchParameter BypassCache { get; set; }

        /// <summary>VIR_DOMAIN_SAVE_RUNNING: start running whatever state was saved (virsh --running).</summary>
        [Parameter]
        public SwitchParameter Running { get; set; }

        /// <summary>VIR_DOMAIN_SAVE_PAUSED: start paused (virsh --paused).</summary>
        [Parameter]
        public SwitchParameter Paused { get; set; }

        /// <summary>Writes each restored domain.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private DomainSaveFlags Flags =>
            (BypassCache ? DomainSaveFlags.BypassCache : 0) | (Running ? DomainSaveFlags.Running : 0) | (Paused ? DomainSaveFlags.Paused : 0);

        protected override void BeginProcessing()
        {
            if (Running && Paused)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Running and -Paused are mutually exclusive (as virsh's --running and --paused).", "Paused"),
                    "ExclusiveParameters", ErrorCategory.InvalidArgument, "Paused"));
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            foreach (var c in TargetConnections())
            {
                foreach (var p in Path!)
                {
                    var path = DaemonPath.Absolute(this, p);
                    // the image names its domain; a missing or bad file fails here with the same message the restore would give
                    if (!TryRun(c, c.Hypervisor.GetSaveImageXmlAsync(path, CancellationToken), "RestoreDomainFailed", path, out var xml))
                        continue;
                    var (name, uuid) = LibvirtXml.Identify(xml);
                    if (!ShouldProcess("Domain '" + name + "' from '" + path + "' on " + c.Uri, "Restore")) continue;
                    WriteVerbose(name + " on " + c.Uri + ": " + (Flags == 0 ? "DOMAIN_RESTORE" : "DOMAIN_RESTORE_FLAGS flags=" + (uint)Flags) + " from " + path);
                    if (!TryRun(c, c.Hypervisor.RestoreDomainAsync(path, Flags, CancellationToken), "RestoreDomainFailed", path))
                        continue;
                    if (PassThru && uuid != null &&
                        TryRun(c, c.Hypervisor.LookupDomainByUuidAsync(uuid.Value, CancellationToken), "GetDomainFailed", name, out var info))
                        WriteObject(new LibvirtDomain(info, c));
                }
            }
        }
    }
}
