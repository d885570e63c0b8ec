using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// The environment libvirt gives the ssh (and ext) child (facts §4.1, <c>virNetSocketNewConnectCommand</c>):
    /// cleared, then <c>LC_ALL=C</c> and the pass-through variables below when the parent has them.
    /// </summary>
    internal static class ChildEnvironment
    {
        /// <summary>libvirt 9.0's list (virnetsocket.c) plus Debian 12's GPG_TTY and TERM.</summary>
        public static readonly IReadOnlyList<string> PassThrough = new[]
        {
            "LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "DYLD_FORCE_FLAT_NAMESPACE",
            "PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "XDG_RUNTIME_DIR", "KRB5CCNAME", "SSH_AUTH_SOCK",
            "SSH_ASKPASS", "OPENSSL_CONF", "DISPLAY", "XAUTHORITY", "GPG_TTY", "TERM",
        };

        /// <summary>
        /// Windows only: a process started without these cannot load Winsock or find the user's profile (ssh.exe
        /// reads %USERPROFILE%\.ssh). libvirt does not run on Windows; these are the minimum a Windows child needs.
        /// </summary>
        public static readonly IReadOnlyList<string> WindowsEssentials = new[]
        {
            "SystemRoot", "SystemDrive", "windir", "ComSpec", "PATHEXT", "TEMP", "TMP", "USERPROFILE", "USERNAME",
            "USERDOMAIN", "APPDATA", "LOCALAPPDATA", "ProgramData", "ProgramFiles", "ProgramW6432", "HOMEDRIVE", "HOMEPATH",
        };

        /// <summary>The child's environment computed from <paramref name="parent"/> (the current process's when null).</summary>
        public static Dictionary<string, string> Build(IDictionary? parent = null)
        {
            parent ??= Environment.GetEnvironmentVariables();
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var lookup = new Dictionary<string, string>(windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            foreach (DictionaryEntry e in parent)
            {
                if (e.Key is string k && e.Value is string v) lookup[k] = v;
            }
            var env = new Dictionary<string, string>(windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            {
                ["LC_ALL"] = "C",
            };
            foreach (var name in PassThrough)
            {
                if (lookup.TryGetValue(name, out var v)) env[name] = v;
            }
            if (windows)
            {
                foreach (var name in WindowsEssentials)
                {
                    if (lookup.TryGetValue(name, out var v)) env[name] = v;
                }
            }
            return env;
        }
    }
}
