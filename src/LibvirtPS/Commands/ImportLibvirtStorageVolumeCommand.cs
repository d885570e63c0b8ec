using System;
using System.IO;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Import-LibvirtStorageVolume: uploads a local file into an existing volume over a libvirt stream
    /// (virStorageVolUpload, as virsh vol-upload), with progress; -Sparse sends zero runs as holes
    /// (VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM). Ctrl+C aborts the stream.
    /// </summary>
    [Cmdlet(VerbsData.Import, "LibvirtStorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LibvirtStorageVolume))]
    public sealed class ImportLibvirtStorageVolumeCommand : LibvirtStorageVolumeCommandBase
    {
        /// <summary>The local file to upload.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Send runs of zeros as holes (the volume stays sparse on the host; needs a daemon that supports sparse streams).</summary>
        [Parameter]
        public SwitchParameter Sparse { get; set; }

        /// <summary>Write the volume after the upload.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Action => "Upload '" + Path + "'";

        protected override void Act(LibvirtConnection connection, string pool, string name)
        {
            string file = GetUnresolvedProviderPathFromPSPath(Path);
            FileStream source;
            try
            {
                source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(e, "ImportFileUnreadable", ErrorCategory.ReadError, file));
                return;
            }
            using (source)
            {
                long length = source.Length;
                // VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM = 1
                if (!TryRun(connection, connection.Hypervisor.UploadStorageVolumeAsync(pool, name, 0, (ulong)length, Sparse ? 1u : 0u, CancellationToken),
                        "ImportStorageVolumeFailed", name, out var stream)) return;
                var progress = new TransferProgress();
                var task = StorageTransfer.UploadAsync(stream, source, Sparse, progress, TimeSpan.FromMinutes(5), CancellationToken);
                try
                {
                    WaitTransfer(task, progress, length, "Uploading '" + file + "' to " + pool + "/" + name);
                }
                catch (Core.Errors.LibvirtException e)
                {
                    WriteError(ErrorRecords.ForCall(e, "ImportStorageVolumeFailed", name));
                    return;
                }
                WriteVerbose("Uploaded " + StorageCommands.Size(length) + (progress.HoleBytes > 0 ? " (" + StorageCommands.Size(progress.HoleBytes) + " as holes)" : "") +
                    " to " + pool + "/" + name + ".");
            }
            if (PassThru) WriteVolume(connection, pool, name);
        }
    }
}
