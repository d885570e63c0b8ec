using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
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

        /// <summary>Runs core work and waits for it; Ctrl+C cancels it.</summary>
        protected T Wait<T>(Task<T> task)
        {
            try
            {
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
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
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
