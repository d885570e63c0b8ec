using System;
using System.IO;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Save-LibvirtDomainScreenshot: saves what a domain's display shows (virDomainScreenshot: the image arrives over a
    /// libvirt stream in the format the hypervisor chooses, PNG or PPM as its MIME type says). A path without an
    /// extension gets the one of that type. Writes the saved file.
    /// </summary>
    [Cmdlet(VerbsData.Save, "LibvirtDomainScreenshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByName)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveLibvirtDomainScreenshotCommand : LibvirtDomainCommandBase
    {
        /// <summary>The file to write. Without an extension, .png or .ppm is added after the MIME type the daemon sends.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The display head (screen) to capture; 0 is the first.</summary>
        [Parameter]
        public uint Screen { get; set; }

        /// <summary>Replace an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Action => "Save screenshot of screen " + Screen + " to '" + Path + "'";

        protected override string ErrorId => "SaveScreenshotFailed";

        /// <summary>The file extension for a screenshot MIME type (libvirt's drivers send image/png or image/x-portable-pixmap).</summary>
        public static string ExtensionFor(string? mime)
        {
            switch ((mime ?? "").Trim().ToLowerInvariant())
            {
                case "image/png": return ".png";
                case "image/x-portable-pixmap":
                case "image/x-portable-anymap": return ".ppm";
                case "image/jpeg": return ".jpg";
                default: return ".bin";
            }
        }

        protected override void Act(LibvirtConnection connection, DomainInfo domain)
        {
            if (!TryRun(connection, connection.Hypervisor.ScreenshotDomainAsync(domain.Uuid, Screen, CancellationToken), ErrorId, domain.Name, out var shot)) return;
            string file = GetUnresolvedProviderPathFromPSPath(Path);
            if (string.IsNullOrEmpty(System.IO.Path.GetExtension(file))) file += ExtensionFor(shot.MimeType);
            WriteVerbose("The daemon sends " + (shot.MimeType ?? "an image of unknown type") + "; saving to '" + file + "'.");
            bool ok = false;
            try
            {
                FileStream target;
                try
                {
                    target = new FileStream(file, Force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    shot.Stream.AbortAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
                    WriteError(new ErrorRecord(e, File.Exists(file) && !Force ? "ScreenshotFileExists" : "ScreenshotFileUnwritable",
                        File.Exists(file) && !Force ? ErrorCategory.ResourceExists : ErrorCategory.WriteError, file));
                    ok = true; // not ours to delete
                    return;
                }
                using (target)
                {
                    var progress = new TransferProgress();
                    try
                    {
                        TransferWaiter.Wait(this, CancellationToken, StorageTransfer.DownloadAsync(shot.Stream, target, false, progress, TimeSpan.FromMinutes(1), CancellationToken),
                            progress, 0, "Screenshot of '" + domain.Name + "'");
                    }
                    catch (Core.Errors.LibvirtException e)
                    {
                        WriteError(ErrorRecords.ForCall(e, ErrorId, domain.Name));
                        return;
                    }
                }
                ok = true;
                WriteObject(new FileInfo(file));
            }
            finally
            {
                if (!ok) { try { File.Delete(file); } catch (IOException) { } }
            }
        }
    }
}
