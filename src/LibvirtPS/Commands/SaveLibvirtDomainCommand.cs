using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Save-LibvirtDomain: saves a running domain's state to a file on the daemon's host and stops it
    /// (virDomainSave / virDomainSaveFlags), or with -Managed to libvirt's own managed-save file (virDomainManagedSave),
    /// from which the next Start-LibvirtDomain resumes.
    /// </summary>
    [Cmdlet(VerbsData.Save, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class SaveLibvirtDomainCommand : LibvirtDomainLifecycleCommandBase
    {
        private readonly HashSet<string> _usedPaths = new HashSet<string>(StringComparer.Ordinal);
        private string? _absolutePath;

        /// <summary>The file to write, on the daemon's host (a relative path is made absolute against the current location, as virsh does).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Save to libvirt's managed-save file instead (virsh managedsave).</summary>
        [Parameter]
        public SwitchParameter Managed { get; set; }

        /// <summary>VIR_DOMAIN_SAVE_BYPASS_CACHE (virsh --bypass-cache).</summary>
        [Parameter]
        public SwitchParameter BypassCache { get; set; }

        /// <summary>VIR_DOMAIN_SAVE_RUNNING: the restored domain runs (virsh --running).</summary>
        [Parameter]
        public SwitchParameter Running { get; set; }

        /// <summary>VIR_DOMAIN_SAVE_PAUSED: the restored domain is paused (virsh --paused).</summary>
        [Parameter]
        public SwitchParameter Paused { get; set; }

        internal DomainSaveFlags Flags =>
            (BypassCache ? DomainSaveFlags.BypassCache : 0) | (Running ? DomainSaveFlags.Running : 0) | (Paused ? DomainSaveFlags.Paused : 0);

        protected override void BeginProcessing()
        {
            if (Managed == (Path != null))
                Refuse("PathOrManagedRequired", "Give either -Path (a file on the daemon's host) or -Managed (libvirt's managed-save file).", "Path");
            if (Running && Paused)
                Refuse("ExclusiveParameters", "-Running and -Paused are mutually exclusive (as virsh's --running and --paused).", "Paused");
            if (Path != null) _absolutePath = DaemonPath.Absolute(this, Path);
            base.BeginProcessing();
        }

        private void Refuse(string id, string message, string parameter) =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message, parameter), id, ErrorCategory.InvalidArgument, parameter));

        protected override string Action => Managed ? "Save (managed save) and stop" : "Save to '" + _absolutePath + "' and stop";

        protected override string ErrorId => Managed ? "ManagedSaveDomainFailed" : "SaveDomainFailed";

        protected override Task ActAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken)
        {
            if (!Managed)
            {
                // one file holds one domain: a second domain would overwrite the first one's state
                // (hosts run concurrently, so the set of used hosts is locked)
                bool first;
                lock (_usedPaths) first = _usedPaths.Add(connection.Uri);
                if (!first)
                {
                    var message = "Domain '" + domain.Name + "' was not saved: '" + _absolutePath + "' already holds the state of another domain of this command. Save each domain to its own -Path.";
                    output.Error(new ErrorRecord(new InvalidOperationException(message), "SavePathAlreadyUsed", ErrorCategory.ResourceExists, domain.Name));
                    return Task.CompletedTask;
                }
                output.Verbose(domain.Name + " on " + connection.Uri + ": " + (Flags == 0 ? "DOMAIN_SAVE" : "DOMAIN_SAVE_FLAGS flags=" + (uint)Flags) + " to " + _absolutePath);
            }
            else
            {
                output.Verbose(domain.Name + " on " + connection.Uri + ": DOMAIN_MANAGED_SAVE flags=" + (uint)Flags);
            }
            return base.ActAsync(connection, domain, output, cancellationToken);
        }

        protected override Task Operation(IHypervisor hypervisor, Guid uuid) =>
            Managed
                ? hypervisor.ManagedSaveDomainAsync(uuid, Flags, CancellationToken)
                : hypervisor.SaveDomainAsync(uuid, _absolutePath!, Flags, CancellationToken);
    }
}
