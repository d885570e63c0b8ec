using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Clear-LibvirtStorageVolume: wipes the content of volumes (virStorageVolWipe: zeros, as the pool's backend does it).</summary>
    [Cmdlet(VerbsCommon.Clear, "LibvirtStorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(LibvirtStorageVolume))]
    public sealed class ClearLibvirtStorageVolumeCommand : LibvirtStorageVolumeCommandBase
    {
        /// <summary>Write the volume after the wipe.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Action => "Wipe";

        protected override void Act(LibvirtConnection connection, string pool, string name)
        {
            if (TryRun(connection, connection.Hypervisor.WipeStorageVolumeAsync(pool, name, CancellationToken), "ClearStorageVolumeFailed", name) && PassThru)
                WriteVolume(connection, pool, name);
        }
    }
}
