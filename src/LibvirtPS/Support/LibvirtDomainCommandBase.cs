using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Cmdlets that act on domains: <c>-Domain</c> (objects from Get-LibvirtDomain, by value from the pipeline) or
    /// <c>-Name</c> (by property name) on the target connections. Each domain is its own ShouldProcess target and
    /// its own non-terminating error.
    /// Fleets: ShouldProcess is asked on the pipeline thread as each domain arrives (by name: as its lookup answers,
    /// the lookups of all hosts in flight together); the confirmed operations then
    /// run concurrently per host (<see cref="ActAsync"/>, one host's domains one after the other in the order they
    /// came, at most -ThrottleLimit hosts at once), and their output and errors are written on the pipeline thread
    /// as each finishes: completion order across hosts, arrival order within a host.
    /// </summary>
    public abstract class LibvirtDomainCommandBase : LibvirtConnectedCommandBase
    {
        protected const string ByDomain = "ByDomain";
        protected const string ByName = "ByName";

        /// <summary>The domains, as written by Get-LibvirtDomain; each is acted on through its own connection.</summary>
        [Parameter(ParameterSetName = ByDomain, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public LibvirtDomain[]? Domain { get; set; }

        /// <summary>Domain names (exact, case-sensitive) on the target connections.</summary>
        [Parameter(ParameterSetName = ByName, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DomainNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The verb as ShouldProcess shows it, e.g. "Start".</summary>
        protected abstract string Action { get; }

        /// <summary>The fallback error id for libvirt errors of the operation, e.g. "StartDomainFailed".</summary>
        protected abstract string ErrorId { get; }

        /// <summary>Asks for confirmation at High impact (beyond the cmdlet's declared impact).</summary>
        protected virtual bool HighImpact => false;

        /// <summary>How many hosts work at the same time when the domains come from many connections.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        protected override int FanOutLimit => ThrottleLimit;

        /// <summary>
        /// Runs the operation on one domain, off the pipeline thread: it writes through <paramref name="output"/>,
        /// and a <see cref="LibvirtException"/> it throws becomes the domain's non-terminating error (id
        /// <see cref="ErrorId"/>).
        /// </summary>
        protected virtual Task ActAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken) =>
            throw new NotSupportedException(GetType().Name + " overrides neither ActAsync nor Act.");

        /// <summary>
        /// The synchronous form, on the pipeline thread, one domain after the other. Cmdlets that override it (written
        /// before ActAsync existed) keep working unchanged, just without the concurrency.
        /// </summary>
        protected virtual void Act(LibvirtConnection connection, DomainInfo domain) =>
            throw new NotSupportedException(GetType().Name + " overrides neither ActAsync nor Act.");

        private bool Synchronous =>
            GetType().GetMethod(nameof(Act), BindingFlags.Instance | BindingFlags.NonPublic, null, new[] { typeof(LibvirtConnection), typeof(DomainInfo) }, null)!
                .DeclaringType != typeof(LibvirtDomainCommandBase);

        private bool? _synchronous;

        // -Name lookups sent and not yet handled, in the order they were asked
        private readonly List<PendingLookup> _lookups = new List<PendingLookup>();

        protected override void ProcessRecord()
        {
            _synchronous ??= Synchronous;
            if (ParameterSetName == ByDomain)
            {
                foreach (var d in Domain!)
                    Handle(Traced(d.Connection), d.GetListedInfo());
                return;
            }
            // By name (also what piped domain objects bind to: their Name and Connection properties). Each name is
            // looked up first (a missing one is an error even with -WhatIf), without waiting: the lookups of all
            // hosts are in flight together, and each is handled when its answer is there, so a slow host holds up
            // only its own domains.
            foreach (var c in TargetConnections())
            {
                foreach (var n in Name!) _lookups.Add(new PendingLookup(c, n, c.Hypervisor.LookupDomainByNameAsync(n, CancellationToken)));
            }
            HandleLookups(wait: false);
        }

        protected override void EndProcessing()
        {
            try
            {
                HandleLookups(wait: true);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        /// <summary>
        /// Handles the answered lookups: per connection in the order asked (a host's domains keep their order),
        /// across connections as they come. With <paramref name="wait"/>, until none is left, writing finished
        /// operations meanwhile.
        /// </summary>
        private void HandleLookups(bool wait)
        {
            while (_lookups.Count > 0)
            {
                var blocked = new HashSet<LibvirtConnection>();
                for (int i = 0; i < _lookups.Count; i++)
                {
                    var l = _lookups[i];
                    if (blocked.Contains(l.Connection)) continue;
                    if (!l.Task.IsCompleted)
                    {
                        blocked.Add(l.Connection);
                        continue;
                    }
                    _lookups.RemoveAt(i--);
                    if (TryRun(l.Connection, l.Task, ErrorId, l.Name, out var info)) Handle(l.Connection, info);
                }
                if (!wait || _lookups.Count == 0) return;
                WriteFinishedDispatched();
                var waits = new List<Task>(_lookups.Select(x => (Task)x.Task));
                if (DispatchedReady() is Task ready) waits.Add(ready);
                Wait(Task.WhenAny(waits));
                WriteFinishedDispatched();
            }
        }

        /// <summary>ShouldProcess here, on the pipeline thread; then the operation, off it (or, for Act, here).</summary>
        private void Handle(LibvirtConnection c, DomainInfo d)
        {
            if (!Confirm(Describe(c, d.Name))) return;
            if (_synchronous == true) Act(c, d);
            else Dispatch(c, d.Name, ErrorId, (output, ct) => ActAsync(c, d, output, ct));
        }

        private sealed class PendingLookup
        {
            public PendingLookup(LibvirtConnection connection, string name, Task<DomainInfo> task)
            {
                Connection = connection;
                Name = name;
                Task = task;
            }

            public LibvirtConnection Connection { get; }
            public string Name { get; }
            public Task<DomainInfo> Task { get; }
        }

        private static string Describe(LibvirtConnection c, string name) => "Domain '" + name + "' on " + c.Uri;

        private bool Confirm(string target)
        {
            if (!ShouldProcess(target, Action)) return false;
            if (!HighImpact || MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
            // the cmdlet is declared at Medium impact; this operation is High: prompt as ShouldProcess would
            ConfirmImpact preference = ConfirmImpact.High;
            try { preference = LanguagePrimitives.ConvertTo<ConfirmImpact>(GetVariableValue("ConfirmPreference") ?? ConfirmImpact.High); }
            catch (PSInvalidCastException) { }
            if (preference == ConfirmImpact.None || preference > ConfirmImpact.High) return true;
            return ShouldContinue("Are you sure you want to perform this action?\nPerforming the operation \"" + Action + "\" on target \"" + target + "\".", "Confirm");
        }

        /// <summary>Runs a void operation; a libvirt error becomes a non-terminating error for the domain.</summary>
        protected bool TryRun(LibvirtConnection connection, Task work, object target) =>
            TryRun(connection, work, ErrorId, target);

        /// <summary>-PassThru: the domain read anew.</summary>
        protected void WriteRefreshed(LibvirtConnection connection, DomainInfo domain)
        {
            if (TryRun(connection, connection.Hypervisor.LookupDomainByUuidAsync(domain.Uuid, CancellationToken), "GetDomainFailed", domain.Name, out var info))
                WriteObject(new LibvirtDomain(info, connection));
        }

        /// <summary>-PassThru off the pipeline thread: the domain read anew, or a GetDomainFailed error.</summary>
        protected static async Task WriteRefreshedAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken)
        {
            try
            {
                var info = await connection.Hypervisor.LookupDomainByUuidAsync(domain.Uuid, cancellationToken).ConfigureAwait(false);
                output.Object(new LibvirtDomain(info, connection));
            }
            catch (LibvirtException e)
            {
                output.Error(ErrorRecords.ForCall(e, "GetDomainFailed", domain.Name));
            }
        }
    }

    /// <summary>The state-changing cmdlets: the operation, then -PassThru.</summary>
    public abstract class LibvirtDomainLifecycleCommandBase : LibvirtDomainCommandBase
    {
        /// <summary>Writes the domain, read again after the operation.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract Task Operation(IHypervisor hypervisor, Guid uuid);

        protected override async Task ActAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken)
        {
            await Operation(connection.Hypervisor, domain.Uuid).ConfigureAwait(false);
            if (PassThru) await WriteRefreshedAsync(connection, domain, output, cancellationToken).ConfigureAwait(false);
        }
    }
}
