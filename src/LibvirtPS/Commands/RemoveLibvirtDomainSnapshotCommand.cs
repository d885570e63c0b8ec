using System;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Remove-LibvirtDomainSnapshot: virDomainSnapshotDelete. Children move to the removed snapshot's parent unless
    /// -Children (removes them too) or -ChildrenOnly (removes only them); -MetadataOnly keeps the data.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "LibvirtDomainSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByDomain)]
    [OutputType(typeof(void))]
    public sealed class RemoveLibvirtDomainSnapshotCommand : LibvirtSnapshotCommandBase
    {
        /// <summary>VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN: the snapshot and all its descendants.</summary>
        [Parameter] public SwitchParameter Children { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY: only the descendants.</summary>
        [Parameter] public SwitchParameter ChildrenOnly { get; set; }

        /// <summary>VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY: only libvirt's metadata (the test driver refuses it).</summary>
        [Parameter] public SwitchParameter MetadataOnly { get; set; }

        protected override string Action => ChildrenOnly ? "Remove the children of" : Children ? "Remove with its children" : "Remove";

        protected override string ErrorId => "RemoveSnapshotFailed";

        protected override Task Operation(IHypervisor hypervisor, Guid domainUuid, string name)
        {
            var f = DomainSnapshotDeleteFlags.None;
            if (Children) f |= DomainSnapshotDeleteFlags.Children;
            if (ChildrenOnly) f |= DomainSnapshotDeleteFlags.ChildrenOnly;
            if (MetadataOnly) f |= DomainSnapshotDeleteFlags.MetadataOnly;
            return hypervisor.DeleteDomainSnapshotAsync(domainUuid, name, f, CancellationToken);
        }
    }
}
