using System.IO;
using System.Management.Automation;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Paths of files on the daemon's host (save images). libvirt's client makes a relative path absolute against
    /// its own working directory before sending it (virDomainSave/virDomainRestore); we do the same against the
    /// session's current file-system location.
    /// </summary>
    internal static class DaemonPath
    {
        internal static string Absolute(PSCmdlet cmdlet, string path)
        {
            if (Path.IsPathRooted(path)) return path;
            var here = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            return Path.GetFullPath(Path.Combine(here, path));
        }
    }
}
