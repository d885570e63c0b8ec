using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// <c>+ssh</c> and <c>+ext</c>: runs the plan's <see cref="ConnectionPlan.Command"/> (program first, exact argv,
    /// no shell; <c>ssh</c> is found on PATH — <c>ssh.exe</c> on Windows) with libvirt's environment (LC_ALL=C plus
    /// a short pass-through list), and talks RPC over its stdin/stdout. Its stderr is kept (last 1024 bytes) and put
    /// into the error when the connection fails, so "Host key verification failed.", "Permission denied (publickey)."
    /// or "nc: not found" reach the user. Closing the connection kills and reaps the child and its descendants.
    /// </summary>
    public sealed class ProcessTransport : ITransport
    {
        private readonly LibvirtTransport _transport;
        private readonly Action<string>? _trace;

        public ProcessTransport(LibvirtTransport transport, Action<string>? trace = null)
        {
            if (transport != LibvirtTransport.Ssh && transport != LibvirtTransport.Ext)
                throw new ArgumentException("ProcessTransport runs the ssh and ext transports only", nameof(transport));
            _transport = transport;
            _trace = trace;
        }

        /// <summary>libvirt: ssh counts as secure, ext does not.</summary>
        public bool IsSecure => _transport == LibvirtTransport.Ssh;

        /// <summary>The environment the child gets (LC_ALL=C and libvirt's pass-through variables that are set).</summary>
        public static IReadOnlyDictionary<string, string> ChildEnvironmentFor() => ChildEnvironment.Build();

        public Task<Stream> ConnectAsync(ConnectionPlan plan, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var argv = plan.Command;
            if (argv == null || argv.Count == 0) throw new InvalidOperationException("the plan has no command to run");

            var psi = ChildProcess.StartInfo(argv, ChildEnvironment.Build());
            _trace?.Invoke("starting " + string.Join(" ", argv));
            var process = new Process { StartInfo = psi };
            try
            {
                if (!process.Start()) throw new InvalidOperationException("the child process did not start");
            }
            catch (Win32Exception e)
            {
                process.Dispose();
                // libvirt (virCommandRunAsync → virFindFileInPath) before it forks
                throw new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.None,
                    "Cannot find '" + argv[0] + "' in path: No such file or directory", inner: e)
                {
                    Hint = _transport == LibvirtTransport.Ssh
                        ? "Install the OpenSSH client (ssh" + (System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? ".exe" : "") +
                          " on PATH) or give command=<path to ssh>. Failed to start: " + e.Message
                        : "command= must name an executable program (it runs with no arguments and no shell). Failed to start: " + e.Message,
                };
            }
            var stream = new ChildProcessStream(process);
            try { stream.SetPid(process.Id); } catch (InvalidOperationException) { }
            _trace?.Invoke("child pid " + stream.ProcessId);
            if (cancellationToken.IsCancellationRequested)
            {
                stream.Dispose();
                throw new OperationCanceledException(cancellationToken);
            }
            return Task.FromResult<Stream>(stream);
        }
    }
}
