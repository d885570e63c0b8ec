using System;
using System.IO;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Export-LibvirtStorageVolume: downloads the content of a volume into a local file over a libvirt stream
    /// (virStorageVolDownload, as virsh vol-download), with progress; -Sparse keeps the volume's holes as holes
    /// (VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM). Ctrl+C aborts the stream and removes the partial file.
    /// </summary>
    [Cmdlet(VerbsData.Export, "LibvirtStorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportLibvirtStorageVolumeCommand : LibvirtStorageVolumeCommandBase
    {
        /// <summary>The local file to write (created, or replaced with -Force).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>Keep holes as holes in the local file (the daemon sends them as STREAM_HOLE packets).</summary>
        [Parameter]
        public SwitchParameter Sparse { get; set; }

        /// <summary>Replace an existing destination file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the file's FileInfo after the download.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Action => "Download to '" + Destination + "'";

        protected override void Act(LibvirtConnection connection, string pool, string name)
        {
            string file = GetUnresolvedProviderPathFromPSPath(Destination);
            if (!TryRun(connection, connection.Hypervisor.LookupStorageVolumeAsync(pool, name, CancellationToken), "ExportStorageVolumeFailed", name, out var volume)) return;
            FileStream target;
            try
            {
                // unbuffered: each packet is written from the packet itself (no copy into a FileStream buffer)
                target = new FileStream(file, Force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                var id = File.Exists(file) && !Force ? "ExportFileExists" : "ExportFileUnwritable";
                WriteError(new ErrorRecord(e, id, id == "ExportFileExists" ? ErrorCategory.ResourceExists : ErrorCategory.WriteError, file)
                {
                    ErrorDetails = id == "ExportFileExists" ? new ErrorDetails("The file '" + file + "' exists.") { RecommendedAction = "Use -Force to replace it." } : null,
                });
                return;
            }
            bool ok = false;
            try
            {
                using (target)
                {
                    // VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM = 1
                    if (!TryRun(connection, connection.Hypervisor.DownloadStorageVolumeAsync(pool, name, 0, 0, Sparse ? 1u : 0u, CancellationToken),
                            "ExportStorageVolumeFailed", name, out var stream)) return;
                    var progress = new TransferProgress();
                    var task = StorageTransfer.DownloadAsync(stream, target, Sparse, progress, TimeSpan.FromMinutes(5), CancellationToken);
                    long total;
                    try
                    {
                        total = WaitTransfer(task, progress, (long)volume.Capacity, "Downloading " + pool + "/" + name + " to '" + file + "'");
                    }
                    catch (Core.Errors.LibvirtException e)
                    {
                        WriteError(ErrorRecords.ForCall(e, "ExportStorageVolumeFailed", name));
                        return;
                    }
                    WriteVerbose("Downloaded " + StorageCommands.Size(total) + (progress.HoleBytes > 0 ? " (" + StorageCommands.Size(progress.HoleBytes) + " as holes)" : "") +
                        " from " + pool + "/" + name + ".");
                    ok = true;
                }
            }
            finally
            {
                // a partial file is worse than none
                if (!ok) { try { File.Delete(file); } catch (IOException) { } }
            }
            if (PassThru) WriteObject(new FileInfo(file));
        }
    }
}
