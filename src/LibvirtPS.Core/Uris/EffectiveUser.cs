using System;
using System.Runtime.InteropServices;

namespace LibvirtPS.Core.Uris
{
    /// <summary>Reads the effective user id on Unix; libvirt picks files and sockets by it.</summary>
    internal static class EffectiveUser
    {
        [DllImport("libc", EntryPoint = "geteuid")]
        private static extern uint GetEuid();

        internal static bool IsRoot()
        {
            try
            {
                return GetEuid() == 0;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
            }
        }
    }
}
