using System;
using System.IO;
using System.Threading;

namespace LibvirtPS.Core.Tests.Fixtures
{
    /// <summary>The private folders the daemon fixtures (libvirtd, sshd) run in, under /tmp with a fixture-specific prefix.</summary>
    internal static class TestRunDirectory
    {
        /// <summary>
        /// Removes <paramref name="dir"/> when its name starts with <paramref name="prefix"/> (never anything else); a few
        /// tries, since a daemon that just exited may still release files.
        /// </summary>
        internal static void TryDelete(string? dir, string prefix)
        {
            if (string.IsNullOrEmpty(dir) || !Path.GetFileName(dir).StartsWith(prefix, StringComparison.Ordinal)) return;
            for (int i = 0; i < 5; i++)
            {
                try
                {
                    if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
                    return;
                }
                catch (IOException) { Thread.Sleep(100); }
                catch (UnauthorizedAccessException) { Thread.Sleep(100); }
            }
        }
    }
}
