using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Fleet;
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
                foreach (var c in Connection) yield return Traced(c);
                yield break;
            }
            if (Uri != null)
            {
                OpenForCommand(Uri.Where(u => !_opened.ContainsKey(u)).Distinct(StringComparer.Ordinal).ToList());
                foreach (var u in Uri)
                {
                    if (_opened.TryGetValue(u, out var c) && c != null) yield return Traced(c);
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
            yield return Traced(d!);
        }

        /// <summary>
        /// With -Verbose, the connection's wire trace is on from the moment the command first touches it until the
        /// command ends (EndProcessing), so a call started before it is waited for (the request written at once on
        /// the caller's thread) is traced too; lines are written to -Verbose as each wait ends.
        /// </summary>
        protected LibvirtConnection Traced(LibvirtConnection connection)
        {
            _verbose ??= VerboseWanted;
            if (_verbose == true && _traced.Add(connection)) connection.Trace.Enabled = true;
            return connection;
        }

        /// <summary>Opens the URIs of -Uri concurrently (at most <see cref="FanOutLimit"/> at once); a failed one is an error and null.</summary>
        private void OpenForCommand(List<string> uris)
        {
            if (uris.Count == 0) return;
            var fan = new FanOut<LibvirtConnection>(FanOutLimit, CancellationToken);
            var traces = new Dictionary<string, WireTrace>(StringComparer.Ordinal);
            bool verbose = VerboseWanted;
            foreach (var u in uris)
            {
                var trace = traces[u] = new WireTrace { Enabled = verbose };
                fan.Add(u, u, ct => LibvirtConnection.OpenAsync(ConnectionPlanner.Plan(u), new RemoteOpenOptions(), trace, ct));
            }
            var results = new Dictionary<string, FanOutResult<LibvirtConnection>>(StringComparer.Ordinal);
            while (Wait(fan.TakeAsync(CancellationToken)) is FanOutResult<LibvirtConnection> r) results[(string)r.State!] = r;
            // reported in the order given, as the connections are then used
            foreach (var u in uris)
            {
                var r = results[u];
                foreach (var line in traces[u].Drain()) WriteVerbose(u + ": " + line);
                _opened[u] = null;
                if (r.Error != null)
                {
                    WriteFailure(r.Error, "ConnectionFailed", u);
                    continue;
                }
                r.Value.Trace.Enabled = false;
                _opened[u] = r.Value;
            }
        }

        /// <summary>Runs one connection's work; a libvirt error becomes a non-terminating error for that target.</summary>
        protected bool TryRun<T>(LibvirtConnection connection, Task<T> work, string errorId, object? target, out T result)
        {
            // usually on already (Traced); the trace stays on until EndProcessing
            Traced(connection);
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
        }

        /// <summary>Runs one connection's work that has no result; a libvirt error becomes a non-terminating error for that target.</summary>
        protected bool TryRun(LibvirtConnection connection, Task work, string errorId, object? target) =>
            TryRun(connection, Completed(work), errorId, target, out _);

        private static async Task<bool> Completed(Task work)
        {
            await work.ConfigureAwait(false);
            return true;
        }

        /// <summary>
        /// The default of -ThrottleLimit: 32 hosts at a time, as Invoke-Command's default for remote computers — the
        /// same kind of work (waiting on remote hosts, no thread or runspace held per host), unlike
        /// ForEach-Object -Parallel's 5, which bounds runspaces each holding a thread.
        /// </summary>
        public const int DefaultThrottleLimit = 32;

        /// <summary>How many hosts <see cref="Dispatch"/> works on at once; cmdlets with -ThrottleLimit return it.</summary>
        protected virtual int FanOutLimit => DefaultThrottleLimit;

        private FanOut<PipelineOutput>? _fanOut;
        private readonly HashSet<LibvirtConnection> _traced = new HashSet<LibvirtConnection>();
        private bool? _verbose;

        /// <summary>
        /// Runs <paramref name="work"/> for a connection off the pipeline thread, concurrently with the work of other
        /// connections (at most <see cref="FanOutLimit"/> connections at once) and after earlier work of the same
        /// connection. What it adds to its <see cref="PipelineOutput"/> is written here, on the pipeline thread, when
        /// it ends (then or in a later call, and at the latest in EndProcessing); a <see cref="LibvirtException"/> it
        /// throws becomes a non-terminating error with <paramref name="errorId"/> for <paramref name="target"/>.
        /// </summary>
        protected void Dispatch(LibvirtConnection connection, object? target, string errorId, Func<PipelineOutput, CancellationToken, Task> work)
        {
            _fanOut ??= new FanOut<PipelineOutput>(FanOutLimit, CancellationToken);
            Traced(connection);
            var state = new Dispatched(connection, target, errorId, new PipelineOutput());
            _fanOut.Add(connection, state, async ct =>
            {
                await work(state.Output, ct).ConfigureAwait(false);
                return state.Output;
            });
            // write what has finished meanwhile, so output flows while the pipeline still feeds us
            WriteFinishedDispatched();
        }

        /// <summary>Writes the output of the dispatched work that has finished, without waiting.</summary>
        protected void WriteFinishedDispatched()
        {
            if (_fanOut == null) return;
            while (_fanOut.TryTake(out var done)) Write(done);
        }

        private Task? _ready;

        /// <summary>Completes when dispatched work has finished (its output can be written); null when none was dispatched.</summary>
        protected Task? DispatchedReady()
        {
            if (_fanOut == null) return null;
            if (_ready == null || _ready.IsCompleted) _ready = _fanOut.WhenReadyAsync(CancellationToken);
            return _ready;
        }

        /// <summary>Waits for all dispatched work and writes its output, in completion order.</summary>
        protected void DrainDispatched()
        {
            try
            {
                if (_fanOut == null) return;
                while (Wait(_fanOut.TakeAsync(CancellationToken)) is FanOutResult<PipelineOutput> done) Write(done);
            }
            finally
            {
                foreach (var c in _traced)
                {
                    FlushTrace(c);
                    c.Trace.Enabled = false;
                }
                _traced.Clear();
            }
        }

        private void Write(FanOutResult<PipelineOutput> done)
        {
            var state = (Dispatched)done.State!;
            if (_traced.Contains(state.Connection)) FlushTrace(state.Connection);
            // what the work wrote before it failed is still written, then its error
            state.Output.WriteTo(this);
            if (done.Error != null) WriteFailure(done.Error, state.ErrorId, state.Target);
        }

        private sealed class Dispatched
        {
            public Dispatched(LibvirtConnection connection, object? target, string errorId, PipelineOutput output)
            {
                Connection = connection;
                Target = target;
                ErrorId = errorId;
                Output = output;
            }

            public LibvirtConnection Connection { get; }
            public object? Target { get; }
            public string ErrorId { get; }
            public PipelineOutput Output { get; }
        }
        protected override void EndProcessing()
        {
            // dispatched work first: it may use the connections opened for this command, closed below
            try
            {
                DrainDispatched();
            }
            finally
            {
                foreach (var c in _opened.Values)
                {
                    if (c == null) continue;
                    try { Wait(c.CloseAsync(CancellationToken)); }
                    catch (LibvirtException) { /* closing a connection opened only for this command */ }
                }
            }
            base.EndProcessing();
        }
    }
}
