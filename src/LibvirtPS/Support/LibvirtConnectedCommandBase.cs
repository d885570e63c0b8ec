using System;
using System.Collections.Generic;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Cmdlets that work on connections: <c>-Connection</c> (also from the pipeline), or <c>-Uri</c> (opened for
    /// this command and closed at its end), or the session default.
    /// </summary>
    public abstract class LibvirtConnectedCommandBase : LibvirtCommandBase
    {
        private readonly Dictionary<string, LibvirtConnection?> _opened = new Dictionary<string, LibvirtConnection?>(StringComparer.Ordinal);

        /// <summary>The connections to use; default: the session's default connection.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public LibvirtConnection[]? Connection { get; set; }

        /// <summary>URIs to connect to for this command only (closed when it ends).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LibvirtUriCompleter))]
        public string[]? Uri { get; set; }

        /// <summary>The connections this record works on; a terminating error when there is none at all.</summary>
        protected IEnumerable<LibvirtConnection> TargetConnections()
        {
            if (Connection != null)
            {
                foreach (var c in Connection) yield return c;
                yield break;
            }
            if (Uri != null)
            {
                foreach (var u in Uri)
                {
                    if (!_opened.TryGetValue(u, out var c))
                    {
                        c = OpenForCommand(u);
                        _opened[u] = c;
                    }
                    if (c != null) yield return c;
                }
                yield break;
            }
            var d = SessionConnections.Current.Default;
            if (d == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("There is no libvirt connection: run Connect-Libvirt first, or give -Connection or -Uri."),
                    "NoLibvirtConnection", ErrorCategory.ConnectionError, null)
                {
                    ErrorDetails = new ErrorDetails("There is no libvirt connection: run Connect-Libvirt first, or give -Connection or -Uri.")
                    {
                        RecommendedAction = "Connect-Libvirt test:///default (no daemon needed), or Connect-Libvirt qemu:///system.",
                    },
                });
            }
            yield return d!;
        }

        private LibvirtConnection? OpenForCommand(string uri)
        {
            try
            {
                var plan = ConnectionPlanner.Plan(uri);
                var trace = new WireTrace { Enabled = VerboseWanted };
                try
                {
                    return Wait(LibvirtConnection.OpenAsync(plan, new RemoteOpenOptions(), trace, CancellationToken));
                }
                finally
                {
                    foreach (var line in trace.Drain()) WriteVerbose(uri + ": " + line);
                }
            }
            catch (LibvirtException e)
            {
                WriteError(ErrorRecords.ForCall(e, "ConnectionFailed", uri));
                return null;
            }
        }

        /// <summary>Runs one connection's work; a libvirt error becomes a non-terminating error for that target.</summary>
        protected bool TryRun<T>(LibvirtConnection connection, System.Threading.Tasks.Task<T> work, string errorId, object? target, out T result)
        {
            BeginTrace(connection);
            try
            {
                result = WaitTraced(connection, work);
                return true;
            }
            catch (LibvirtException e)
            {
                WriteError(ErrorRecords.ForCall(e, errorId, target));
                result = default!;
                return false;
            }
            finally
            {
                connection.Trace.Enabled = false;
            }
        }

        /// <summary>TryRun for work without a result (storage cmdlets).</summary>
        internal bool TryRunVoid(LibvirtConnection connection, System.Threading.Tasks.Task work, string errorId, object? target) =>
            TryRun(connection, StorageCommands.AsResult(work), errorId, target, out _);

        protected override void EndProcessing()
        {
            foreach (var c in _opened.Values)
            {
                if (c == null) continue;
                try { Wait(c.CloseAsync(CancellationToken)); }
                catch (LibvirtException) { /* closing a connection opened only for this command */ }
            }
            base.EndProcessing();
        }
    }
}
