using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// Process helpers the netstandard2.0 surface lacks but every runtime LibvirtPS runs on (.NET 8+ under
    /// PowerShell 7) has: exact argv (ProcessStartInfo.ArgumentList), killing a process tree. Reached by
    /// reflection, with fallbacks for older runtimes.
    /// </summary>
    internal static class ChildProcess
    {
        private static readonly PropertyInfo? ArgumentListProperty = typeof(ProcessStartInfo).GetProperty("ArgumentList");
        private static readonly MethodInfo? KillTreeMethod = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

        /// <summary>A start info for <paramref name="argv"/> (program first) run directly, no shell, with exactly <paramref name="environment"/>.</summary>
        public static ProcessStartInfo StartInfo(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment)
        {
            var psi = new ProcessStartInfo(argv[0])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            if (ArgumentListProperty?.GetValue(psi) is IList<string> list)
            {
                for (int i = 1; i < argv.Count; i++) list.Add(argv[i]);
            }
            else
            {
                var sb = new StringBuilder();
                for (int i = 1; i < argv.Count; i++)
                {
                    if (i > 1) sb.Append(' ');
                    AppendQuoted(sb, argv[i]);
                }
                psi.Arguments = sb.ToString();
            }
            psi.Environment.Clear();
            foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
            return psi;
        }

        /// <summary>Kills <paramref name="p"/> and its descendants (SIGKILL / TerminateProcess); never throws.</summary>
        public static void KillTree(Process p)
        {
            try
            {
                if (p.HasExited) return;
                if (KillTreeMethod != null) KillTreeMethod.Invoke(p, new object[] { true });
                else p.Kill();
            }
            catch (TargetInvocationException) { }
            catch (InvalidOperationException) { }
            catch (Win32Exception) { }
            catch (NotSupportedException) { }
        }

        /// <summary>Bytes written into <paramref name="pipe"/> (our write end) that the child never read; Linux only, else 0.</summary>
        public static int UnreadBytes(System.IO.Stream pipe)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return 0;
            if (!(pipe is System.IO.Pipes.PipeStream ps)) return 0;
            try
            {
                var h = ps.SafePipeHandle;
                if (h.IsInvalid || h.IsClosed) return 0;
                bool added = false;
                try
                {
                    h.DangerousAddRef(ref added);
                    return ioctl((int)h.DangerousGetHandle(), FIONREAD, out int n) == 0 ? n : 0;
                }
                finally
                {
                    if (added) h.DangerousRelease();
                }
            }
            catch (Exception e) when (e is ObjectDisposedException || e is InvalidOperationException || e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return 0;
            }
        }

        private const ulong FIONREAD = 0x541B; // Linux, all architectures LibvirtPS targets

        [DllImport("libc", SetLastError = true)]
        private static extern int ioctl(int fd, ulong request, out int value);

        // The MSVC / .NET command-line quoting (used only when ArgumentList is missing).
        private static void AppendQuoted(StringBuilder sb, string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                sb.Append(arg);
                return;
            }
            sb.Append('"');
            int backslashes = 0;
            foreach (char c in arg)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"') { sb.Append('\\', backslashes * 2 + 1); sb.Append('"'); }
                else { sb.Append('\\', backslashes); sb.Append(c); }
                backslashes = 0;
            }
            sb.Append('\\', backslashes * 2);
            sb.Append('"');
        }
    }
}
