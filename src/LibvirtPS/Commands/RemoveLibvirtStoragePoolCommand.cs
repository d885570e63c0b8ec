using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Remove-LibvirtStoragePool: removes pool definitions (virStoragePoolUndefine). -Force stops an active pool
    /// first; -DeleteStorage also deletes the pool's underlying storage (virStoragePoolDelete, e.g. its directory).
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "LibvirtStoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveLibvirtStoragePoolCommand : LibvirtStoragePoolCommandBase
    {
        /// <summary>Stop the pool first when it is active.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Delete the pool's storage (virStoragePoolDelete) before removing the definition.</summary>
        [Parameter]
        public SwitchParameter DeleteStorage { get; set; }

        protected override string Action => DeleteStorage ? "Delete storage and remove definition" : "Remove definition";

        protected override string ErrorId => "RemoveStoragePoolFailed";

        protected override async Task Operation(IHypervisor hypervisor, string name)
        {
            var pool = await hypervisor.LookupStoragePoolAsync(name, CancellationToken).ConfigureAwait(false);
            if (Force && pool.State != StoragePoolState.Inactive)
            {
                await hypervisor.DestroyStoragePoolAsync(name, CancellationToken).ConfigureAwait(false);
                // a transient pool is gone once stopped: nothing left to undefine
                if (!pool.Persistent) return;
            }
            if (DeleteStorage) await hypervisor.DeleteStoragePoolAsync(name, 0, CancellationToken).ConfigureAwait(false);
            await hypervisor.UndefineStoragePoolAsync(name, CancellationToken).ConfigureAwait(false);
        }
    }
}
