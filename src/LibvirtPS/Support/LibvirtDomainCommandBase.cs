using System;
using System.Collections.Generic;
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
    /// Fleets: ShouldProcess is asked on the pipeline thread as each domain arrives; the confirmed operations then
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

        protected override void ProcessRecord()
        {
            bool synchronous = Synchronous;
            foreach (var (c, d) in Targets())
            {
                if (!Confirm(Describe(c, d.Name))) continue;
                if (synchronous) Act(c, d);
                else Dispatch(c, d.Name, ErrorId, (output, ct) => ActAsync(c, d, output, ct));
            }
        }

        private IEnumerable<(LibvirtConnection, DomainInfo)> Targets()
        {
            if (ParameterSetName == ByDomain)
            {
                foreach (var d in Domain!)
                    yield return (d.Connection, new DomainInfo(d.Name, d.Uuid, d.Id, d.State, d.StateReason, d.MaxMemory / 1024, d.Memory / 1024,
                        d.VCpus, (ulong)d.CpuTime.Ticks * 100, d.Persistent, d.Autostart));
                yield break;
            }
            // every lookup of every connection is sent before the first answer is awaited: one round trip per
            // host in parallel, not one after the other (a single call each, so no -ThrottleLimit bound is needed)
            var lookups = new List<(LibvirtConnection, string, Task<DomainInfo>)>();
            foreach (var c in TargetConnections())
            {
                foreach (var n in Name!) lookups.Add((c, n, c.Hypervisor.LookupDomainByNameAsync(n, CancellationToken)));
            }
            foreach (var (c, n, task) in lookups)
            {
                if (TryRun(c, task, ErrorId, n, out var info)) yield return (c, info);
            }
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
            TryRun(connection, AsResult(work), ErrorId, target, out _);

        private static async Task<bool> AsResult(Task work)
        {
            await work.ConfigureAwait(false);
            return true;
        }

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
