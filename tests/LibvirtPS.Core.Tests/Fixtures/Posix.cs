using System.Runtime.InteropServices;

namespace LibvirtPS.Core.Tests.Fixtures
{
    /// <summary>The two libc calls the fixtures need: signals to their own daemons, and "are we root".</summary>
    public static class Posix
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);

        [DllImport("libc", EntryPoint = "geteuid")]
        public static extern uint GetEuid();
    }
}
