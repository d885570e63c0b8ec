using System.Runtime.InteropServices;

namespace LibvirtPS.Core.Tests.Fixtures
{
    /// <summary>The libc calls the fixtures need: signals to their own daemons, "are we root", hard links.</summary>
    public static class Posix
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);

        /// <summary>link(2): a hard link (e.g. to a unix socket, reachable then through another folder's permissions).</summary>
        [DllImport("libc", EntryPoint = "link", SetLastError = true)]
        public static extern int Link(string oldPath, string newPath);

        [DllImport("libc", EntryPoint = "geteuid")]
        public static extern uint GetEuid();
    }
}
