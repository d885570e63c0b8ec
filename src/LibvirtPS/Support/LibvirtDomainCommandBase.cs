using System;
using System.Collections.Generic;
using System.Management.Automation;
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

        /// <summary>Runs the operation on one domain.</summary>
        protected abstract void Act(LibvirtConnection connection, DomainInfo domain);

        protected override void ProcessRecord()
        {
            foreach (var (c, d) in Targets())
            {
                if (!Confirm(Describe(c, d.Name))) continue;
                Act(c, d);
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
            foreach (var c in TargetConnections())
            {
                var lookups = new List<(string, Task<DomainInfo>)>();
                foreach (var n in Name!) lookups.Add((n, c.Hypervisor.LookupDomainByNameAsync(n, CancellationToken)));
                foreach (var (n, task) in lookups)
                {
                    if (TryRun(c, task, ErrorId, n, out var info)) yield return (c, info);
                }
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
    }

    /// <summary>The state-changing cmdlets: the operation, then -PassThru.</summary>
    public abstract class LibvirtDomainLifecycleCommandBase : LibvirtDomainCommandBase
    {
        /// <summary>Writes the domain, read again after the operation.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract Task Operation(IHypervisor hypervisor, Guid uuid);

        protected override void Act(LibvirtConnection connection, DomainInfo domain)
        {
            if (TryRun(connection, Operation(connection.Hypervisor, domain.Uuid), domain.Name) && PassThru)
                WriteRefreshed(connection, domain);
        }
    }
}
