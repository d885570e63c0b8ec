using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Restore-LibvirtDomainSnapshot: virDomainRevertToSnapshot (virsh snapshot-revert). The domain returns to the
    /// snapshot's definition and state; the snapshot becomes current.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "LibvirtDomainSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByDomain)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class RestoreLibvirtDomainSnapshotCommand : LibvirtSnapshotCommandBase
    {
        /// <summary>VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING: running afterwards, whatever the snapshot's state.</summary>
        [Parameter] public SwitchParameter Running { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED: paused afterwards.</summary>
        [Parameter] public SwitchParameter Paused { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_REVERT_FORCE: revert even where libvirt calls it risky.</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        /// <summary>Writes the domain, read again after the revert.</summary>
        [Parameter] public SwitchParameter PassThru { get; set; }

        protected override string Action => "Revert the domain to";

        protected override string ErrorId => "RevertSnapshotFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid domainUuid, string name)
        {
            var f = DomainSnapshotRevertFlags.None;
            if (Running) f |= DomainSnapshotRevertFlags.Running;
            if (Paused) f |= DomainSnapshotRevertFlags.Paused;
            if (Force) f |= DomainSnapshotRevertFlags.Force;
            return hypervisor.RevertToDomainSnapshotAsync(domainUuid, name, f, CancellationToken);
        }

        protected override void Done(LibvirtConnection connection, Guid domainUuid, string domainName, string name)
        {
            if (!PassThru) return;
            if (TryRun(connection, connection.Hypervisor.LookupDomainByUuidAsync(domainUuid, CancellationToken), "GetDomainFailed", domainName, out var info))
                WriteObject(new LibvirtDomain(info, connection));
        }
    }
}
