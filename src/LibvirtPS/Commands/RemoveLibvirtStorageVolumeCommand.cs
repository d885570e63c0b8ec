using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Remove-LibvirtStorageVolume: deletes volumes and their data (virStorageVolDelete).</summary>
    [Cmdlet(VerbsCommon.Remove, "LibvirtStorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveLibvirtStorageVolumeCommand : LibvirtStorageVolumeCommandBase
    {
        protected override string Action => "Delete";

        protected override void Act(LibvirtConnection connection, string pool, string name) =>
            TryRun(connection, connection.Hypervisor.DeleteStorageVolumeAsync(pool, name, 0, CancellationToken), "RemoveStorageVolumeFailed", name);
    }
}
