using System;
using System.Collections.Concurrent;
using System.Security;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Owns cancellation for the cmdlets: a token made in BeginProcessing, cancelled by Ctrl+C (StopProcessing),
    /// disposed at the end; the core's tasks are awaited synchronously at this edge.
    /// </summary>
    public abstract class LibvirtCommandBase : PSCmdlet
    {
        private CancellationTokenSource? _cts;

        protected CancellationToken CancellationToken => _cts?.Token ?? CancellationToken.None;

        protected override void BeginProcessing()
        {
            _cts = new CancellationTokenSource();
        }

        protected override void StopProcessing()
        {
            _cts?.Cancel();
        }

        protected override void EndProcessing()
        {
            _cts?.Dispose();
            _cts = null;
        }

        /// <summary>
        /// Runs core work and waits for it; Ctrl+C cancels it. While waiting, questions the work posts through
        /// <see cref="Interaction"/> (host keys, passphrases, passwords) are answered here, on the pipeline thread,
        /// because the PowerShell host UI may only be used from it.
        /// </summary>
        protected T Wait<T>(Task<T> task)
        {
            try
            {
                Pump(task);
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Wait(Task task)
        {
            try
            {
                Pump(task);
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// The failure of work that ran off the pipeline thread: a libvirt error is the target's non-terminating error,
        /// a cancellation by Ctrl+C stops the pipeline, anything else is rethrown as it was.
        /// </summary>
        protected void WriteFailure(Exception error, string errorId, object? target)
        {
            switch (error)
            {
                case LibvirtException e:
                    WriteError(ErrorRecords.ForCall(e, errorId, target));
                    return;
                case OperationCanceledException _ when CancellationToken.IsCancellationRequested:
                    throw new PipelineStoppedException();
                default:
                    ExceptionDispatchInfo.Capture(error).Throw();
                    return;
            }
        }

        private readonly ConcurrentQueue<Action> _requests = new ConcurrentQueue<Action>();
        private readonly AutoResetEvent _requestPosted = new AutoResetEvent(false);

        private void Pump(Task task)
        {
            if (task.IsCompleted && _requests.IsEmpty) return;
            var handles = new WaitHandle[] { ((IAsyncResult)task).AsyncWaitHandle, _requestPosted };
            while (!task.IsCompleted)
            {
                WaitHandle.WaitAny(handles);
                while (_requests.TryDequeue(out var request)) request();
            }
        }

        /// <summary>Runs <paramref name="request"/> on the pipeline thread (from a core thread) and returns its result.</summary>
        private T PostToPipeline<T>(Func<T> request)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _requests.Enqueue(() =>
            {
                if (CancellationToken.IsCancellationRequested) { done.TrySetCanceled(); return; }
                try { done.TrySetResult(request()); }
                catch (Exception e) { done.TrySetException(e); }
            });
            _requestPosted.Set();
            using (CancellationToken.Register(() => done.TrySetCanceled()))
                return done.Task.GetAwaiter().GetResult();
        }

        private HostInteraction? _interaction;

        /// <summary>The user behind this command, for the core's questions (null-free; says so when nobody can answer).</summary>
        protected IConnectionInteraction Interaction => _interaction ??= new HostInteraction(this);

        /// <summary>True when a person can answer prompts: a user-interactive process, not -NonInteractive, a host with a UI.</summary>
        protected bool CanPrompt
        {
            get
            {
                if (!Environment.UserInteractive) return false;
                foreach (var a in Environment.GetCommandLineArgs())
                {
                    // pwsh accepts any unambiguous prefix of -NonInteractive (-noni is the usual one)
                    if (a.Length >= 5 && a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase) &&
                        "-noninteractive".StartsWith(a.ToLowerInvariant(), StringComparison.Ordinal)) return false;
                }
                if (Host == null || Host.UI == null || Host.Name == "Default Host") return false;
                return true;
            }
        }

        /// <summary>The PowerShell host as libvirt's auth callback: every call is answered on the pipeline thread.</summary>
        private sealed class HostInteraction : IConnectionInteraction
        {
            private readonly LibvirtCommandBase _cmd;
            private readonly bool _interactive;

            public HostInteraction(LibvirtCommandBase cmd)
            {
                _cmd = cmd;
                _interactive = cmd.CanPrompt;
            }

            public bool IsInteractive => _interactive;

            public SecureString? AskSecret(string prompt)
            {
                if (!_interactive) return null;
                return _cmd.PostToPipeline(() =>
                {
                    _cmd.Host.UI.Write(prompt + ": ");
                    var s = _cmd.Host.UI.ReadLineAsSecureString();
                    return s == null || s.Length == 0 ? null : s;
                });
            }

            public bool Confirm(string caption, string question)
            {
                if (!_interactive) return false;
                return _cmd.PostToPipeline(() => _cmd.ShouldContinue(question, caption));
            }
        }

        /// <summary>True when -Verbose (or $VerbosePreference) asks for verbose output.</summary>
        protected bool VerboseWanted
        {
            get
            {
                if (MyInvocation.BoundParameters.TryGetValue("Verbose", out var v)) return v is SwitchParameter sp ? sp.IsPresent : LanguagePrimitives.IsTrue(v);
                var pref = GetVariableValue("VerbosePreference");
                return pref is ActionPreference ap && ap != ActionPreference.SilentlyContinue && ap != ActionPreference.Ignore;
            }
        }

        /// <summary>Runs work on a connection with its wire trace routed to -Verbose, on the pipeline thread.</summary>
        protected T WaitTraced<T>(Core.Drivers.LibvirtConnection connection, Task<T> task)
        {
            try
            {
                return Wait(task);
            }
            finally
            {
                FlushTrace(connection);
            }
        }

        protected void BeginTrace(Core.Drivers.LibvirtConnection connection)
        {
            connection.Trace.Enabled = VerboseWanted;
        }

        protected void FlushTrace(Core.Drivers.LibvirtConnection connection)
        {
            foreach (var line in connection.Trace.Drain()) WriteVerbose(connection.Uri + ": " + line);
        }
    }
}
