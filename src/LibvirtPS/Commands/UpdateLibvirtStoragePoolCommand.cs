using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Update-LibvirtStoragePool: rescans active pools for volumes and sizes (virStoragePoolRefresh).</summary>
    [Cmdlet(VerbsData.Update, "LibvirtStoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(LibvirtStoragePool))]
    public sealed class UpdateLibvirtStoragePoolCommand : LibvirtStoragePoolCommandBase
    {
        /// <summary>Write the pool after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool PassThruWanted => PassThru;

        protected override string Action => "Refresh";

        protected override string ErrorId => "RefreshStoragePoolFailed";

        protected override Task Operation(IHypervisor hypervisor, string name) => hypervisor.RefreshStoragePoolAsync(name, CancellationToken);
    }
}
