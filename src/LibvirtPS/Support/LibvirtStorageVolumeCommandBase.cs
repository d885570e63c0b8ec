using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Cmdlets that act on existing volumes: <c>-Pool</c> and <c>-Name</c> (both also by property name, so volume
    /// objects from Get-LibvirtStorageVolume bind their Pool, Name and Connection), each volume confirmed with
    /// ShouldProcess and failing on its own (StorageVolumeNotFound, StoragePoolNotFound).
    /// </summary>
    public abstract class LibvirtStorageVolumeCommandBase : LibvirtConnectedCommandBase
    {
        /// <summary>The pool holding the volumes.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StoragePoolNameCompleter))]
        public string? Pool { get; set; }

        /// <summary>Names of the volumes.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StorageVolumeNameCompleter))]
        public string[]? Name { get; set; }

        protected abstract string Action { get; }

        protected abstract void Act(LibvirtConnection connection, string pool, string name);

        protected override void ProcessRecord()
        {
            foreach (var c in TargetConnections())
            {
                foreach (var name in Name!)
                {
                    if (!ShouldProcess(Describe(c, Pool!, name), Action)) continue;
                    Act(c, Pool!, name);
                }
            }
        }

        protected static string Describe(LibvirtConnection c, string pool, string name) => "Storage volume '" + name + "' in pool '" + pool + "' on " + c.Uri;

        /// <summary>Writes the volume as it is now (for -PassThru).</summary>
        protected void WriteVolume(LibvirtConnection c, string pool, string name)
        {
            if (TryRun(c, c.Hypervisor.LookupStorageVolumeAsync(pool, name, CancellationToken), "GetStorageVolumeFailed", name, out var info))
                WriteObject(new LibvirtStorageVolume(info, c));
        }

        /// <summary>Waits for a transfer with Write-Progress; Ctrl+C aborts it (see <see cref="TransferWaiter"/>).</summary>
        internal T WaitTransfer<T>(Task<T> task, TransferProgress progress, long total, string activity) =>
            TransferWaiter.Wait(this, CancellationToken, task, progress, total, activity);
    }
}
