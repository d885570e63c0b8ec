using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Remove-LibvirtDomain: undefines domains (virDomainUndefine, or virDomainUndefineFlags with the -Remove*/-Nvram/-Tpm switches). A running domain is refused unless -Force,
    /// which destroys it first (virDomainDestroy).
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
    [OutputType(typeof(void))]
    public sealed class RemoveLibvirtDomainCommand : LibvirtDomainCommandBase
    {
        /// <summary>Destroy a running domain before undefining it.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Also remove the managed-save image (VIR_DOMAIN_UNDEFINE_MANAGED_SAVE, virsh --managed-save).</summary>
        [Parameter]
        public SwitchParameter RemoveManagedSave { get; set; }

        /// <summary>Also remove snapshot metadata (VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA, virsh --snapshots-metadata).</summary>
        [Parameter]
        public SwitchParameter RemoveSnapshotsMetadata { get; set; }

        /// <summary>Also remove checkpoint metadata (VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA, virsh --checkpoints-metadata).</summary>
        [Parameter]
        public SwitchParameter RemoveCheckpointsMetadata { get; set; }

        /// <summary>Also remove the NVRAM file (VIR_DOMAIN_UNDEFINE_NVRAM, virsh --nvram).</summary>
        [Parameter]
        public SwitchParameter Nvram { get; set; }

        /// <summary>Keep the NVRAM file (VIR_DOMAIN_UNDEFINE_KEEP_NVRAM, virsh --keep-nvram).</summary>
        [Parameter]
        public SwitchParameter KeepNvram { get; set; }

        /// <summary>Also remove the TPM state (VIR_DOMAIN_UNDEFINE_TPM, virsh --tpm).</summary>
        [Parameter]
        public SwitchParameter Tpm { get; set; }

        /// <summary>Keep the TPM state (VIR_DOMAIN_UNDEFINE_KEEP_TPM, virsh --keep-tpm).</summary>
        [Parameter]
        public SwitchParameter KeepTpm { get; set; }

        private DomainUndefineFlags UndefineFlags =>
            (RemoveManagedSave ? DomainUndefineFlags.ManagedSave : 0) | (RemoveSnapshotsMetadata ? DomainUndefineFlags.SnapshotsMetadata : 0) |
            (RemoveCheckpointsMetadata ? DomainUndefineFlags.CheckpointsMetadata : 0) | (Nvram ? DomainUndefineFlags.Nvram : 0) |
            (KeepNvram ? DomainUndefineFlags.KeepNvram : 0) | (Tpm ? DomainUndefineFlags.Tpm : 0) | (KeepTpm ? DomainUndefineFlags.KeepTpm : 0);

        protected override void BeginProcessing()
        {
            // as virsh undefine: the keep/remove pairs exclude each other
            if (Nvram && KeepNvram) Exclusive("Nvram", "KeepNvram");
            if (Tpm && KeepTpm) Exclusive("Tpm", "KeepTpm");
            base.BeginProcessing();
        }

        private void Exclusive(string a, string b) =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-" + a + " and -" + b + " are mutually exclusive.", b), "ExclusiveParameters", ErrorCategory.InvalidArgument, b));

        protected override string Action => Force ? "Remove (destroy and undefine)" : "Remove (undefine)";

        protected override string ErrorId => "UndefineDomainFailed";

        protected override async Task ActAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken)
        {
            // the state now, not as the pipeline object saw it
            var now = await connection.Hypervisor.LookupDomainByUuidAsync(domain.Uuid, cancellationToken).ConfigureAwait(false);
            if (now.State != DomainState.Shutoff)
            {
                if (!Force)
                {
                    var message = "Domain '" + now.Name + "' is running: stop it first, or use -Force to destroy it before it is undefined.";
                    output.Error(new ErrorRecord(new InvalidOperationException(message), "DomainIsActive", ErrorCategory.InvalidOperation, now.Name)
                    {
                        ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Remove-LibvirtDomain -Force, or Stop-LibvirtDomain first." },
                    });
                    return;
                }
                await connection.Hypervisor.DestroyDomainAsync(now.Uuid, cancellationToken).ConfigureAwait(false);
                if (!now.Persistent) return; // a transient domain is gone once destroyed
            }
            if (UndefineFlags != DomainUndefineFlags.None)
                output.Verbose(now.Name + " on " + connection.Uri + ": DOMAIN_UNDEFINE_FLAGS flags=" + (uint)UndefineFlags);
            await connection.Hypervisor.UndefineDomainFlagsAsync(now.Uuid, UndefineFlags, cancellationToken).ConfigureAwait(false);
        }
    }
}
