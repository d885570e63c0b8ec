using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Stop-LibvirtStoragePool: stops active pools (virStoragePoolDestroy; volumes and data stay; a transient pool disappears).</summary>
    [Cmdlet(VerbsLifecycle.Stop, "LibvirtStoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LibvirtStoragePool))]
    public sealed class StopLibvirtStoragePoolCommand : LibvirtStoragePoolCommandBase
    {
        /// <summary>Write the pool after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool PassThruWanted => PassThru;

        protected override string Action => "Stop";

        protected override string ErrorId => "StopStoragePoolFailed";

        protected override Task Operation(IHypervisor hypervisor, string name) => hypervisor.DestroyStoragePoolAsync(name, CancellationToken);
    }
}
