using System;
using System.IO;
using System.Threading;

namespace LibvirtPS.Core.Tests.Fixtures
{
    /// <summary>The private folders the daemon fixtures (libvirtd, sshd, polkit) run in, under /tmp with a fixture-specific prefix.</summary>
    internal static class TestRunDirectory
    {
        private const string OwnerFile = "owner";

        /// <summary>Records this test process as the folder's owner, so a later run can tell a crashed run's folder from a live one.</summary>
        internal static void RecordOwner(string dir) => File.WriteAllText(Path.Combine(dir, OwnerFile), Environment.ProcessId.ToString());

        /// <summary>
        /// A test run that crashed cannot stop what it started. Each /tmp/<paramref name="prefix"/>* folder whose owner
        /// (see <see cref="RecordOwner"/>) is gone is such a run's: <paramref name="stopLeftovers"/> stops what it left
        /// (each fixture knows its own daemons and how to recognise them), then the folder is removed. Folders of live
        /// test processes, and folders without an owner, are not touched.
        /// </summary>
        internal static void CleanUpStale(string prefix, Action<string> stopLeftovers)
        {
            string[] dirs;
            try { dirs = Directory.GetDirectories("/tmp", prefix + "*"); }
            catch (IOException) { return; }
            foreach (var d in dirs)
            {
                try
                {
                    string ownerFile = Path.Combine(d, OwnerFile);
                    if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile).Trim(), out int owner)) continue;
                    if (owner == Environment.ProcessId || Directory.Exists("/proc/" + owner)) continue;
                    stopLeftovers(d);
                    TryDelete(d, prefix);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }

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
