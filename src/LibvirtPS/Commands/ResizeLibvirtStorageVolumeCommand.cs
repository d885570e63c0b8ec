using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Resize-LibvirtStorageVolume: changes the capacity of volumes (virStorageVolResize).</summary>
    [Cmdlet(VerbsCommon.Resize, "LibvirtStorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LibvirtStorageVolume))]
    public sealed class ResizeLibvirtStorageVolumeCommand : LibvirtStorageVolumeCommandBase
    {
        /// <summary>The new capacity in bytes (with -Delta: the amount to add).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public ulong Capacity { get; set; }

        /// <summary>Allocate the new space now (VIR_STORAGE_VOL_RESIZE_ALLOCATE).</summary>
        [Parameter]
        public SwitchParameter Allocate { get; set; }

        /// <summary>-Capacity is added to the current capacity (VIR_STORAGE_VOL_RESIZE_DELTA).</summary>
        [Parameter]
        public SwitchParameter Delta { get; set; }

        /// <summary>Allow making the volume smaller (VIR_STORAGE_VOL_RESIZE_SHRINK): data past the new end is lost.</summary>
        [Parameter]
        public SwitchParameter Shrink { get; set; }

        /// <summary>Write the volume after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Action => "Resize to " + (Delta ? "+" : "") + StorageCommands.Size(Capacity);

        protected override void Act(LibvirtConnection connection, string pool, string name)
        {
            uint flags = (Allocate ? 1u : 0u) | (Delta ? 2u : 0u) | (Shrink ? 4u : 0u);
            if (TryRun(connection, connection.Hypervisor.ResizeStorageVolumeAsync(pool, name, Capacity, flags, CancellationToken), "ResizeStorageVolumeFailed", name) && PassThru)
                WriteVolume(connection, pool, name);
        }
    }
}
