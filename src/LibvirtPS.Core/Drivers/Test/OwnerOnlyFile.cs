using System;
using System.IO;
using System.Runtime.InteropServices;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// Creates a file readable and writable by its owner only (mode 0600 on Unix), as libvirt's test driver creates
    /// save images (open with S_IRUSR|S_IWUSR): they hold the domain XML, secure parts included. The file is made
    /// empty, restricted, and only then opened for the content. Elsewhere the platform's defaults apply.
    /// </summary>
    internal static class OwnerOnlyFile
    {
        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int Chmod(string path, uint mode);

        internal static FileStream Create(string path)
        {
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                try
                {
                    if (Chmod(path, Convert.ToUInt32("600", 8)) != 0)
                        throw new UnauthorizedAccessException("chmod 0600 failed on '" + path + "' (errno " + Marshal.GetLastWin32Error() + ")");
                }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
                {
                    // no libc to call: the platform's defaults apply
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
            }
            return file;
        }
    }
}
