using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Start-LibvirtStoragePool: starts inactive pools (virStoragePoolCreate; -Build: VIR_STORAGE_POOL_CREATE_WITH_BUILD).</summary>
    [Cmdlet(VerbsLifecycle.Start, "LibvirtStoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LibvirtStoragePool))]
    public sealed class StartLibvirtStoragePoolCommand : LibvirtStoragePoolCommandBase
    {
        /// <summary>Build the pool's storage while starting it (VIR_STORAGE_POOL_CREATE_WITH_BUILD).</summary>
        [Parameter]
        public SwitchParameter Build { get; set; }

        /// <summary>Write the pool after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool PassThruWanted => PassThru;

        protected override string Action => "Start";

        protected override string ErrorId => "StartStoragePoolFailed";

        protected override Task Operation(IHypervisor hypervisor, string name) => hypervisor.StartStoragePoolAsync(name, Build ? 1u : 0u, CancellationToken);
    }
}
