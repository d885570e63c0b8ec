using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Wait-LibvirtEvent: blocks until an event matching the filters arrives for the session's subscribers, takes it from
    /// the queue and returns it (others stay queued). A timeout, or the end of every selected subscriber, is a
    /// terminating error; Ctrl+C stops it.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "LibvirtEvent")]
    [Alias("Wait-LibvirtDomainEvent")]
    [OutputType(typeof(LibvirtDomainEvent), typeof(LibvirtNetworkEvent), typeof(LibvirtStoragePoolEvent))]
    public sealed class WaitLibvirtEventCommand : LibvirtEventReadCommandBase
    {
        /// <summary>Only events of objects (domains, networks, pools) with these names (wildcards, case-sensitive).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only these event types, by name (e.g. Stopped, Started, Refresh); any family's names.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateSet("Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped", "Shutdown", "PMSuspended", "Crashed", "Reboot",
            "Created", "Deleted", "Refresh", IgnoreCase = true)]
        public string[]? EventType { get; set; }

        /// <summary>Seconds to wait at most; default: until a matching event arrives or Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Timeout { get; set; } = -1;

        protected override void EndProcessing()
        {
            var selected = SelectSubscribers();
            if (selected.Count == 0)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                    "This session has no event subscriber to wait on; Register-LibvirtDomainEvent (or -NetworkEvent, -StoragePoolEvent) first."),
                    "NoEventSubscriber", ErrorCategory.ObjectNotFound, null));
            }
            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.None)).ToArray();
            Func<LibvirtEventSubscriber, LibvirtEvent, bool> match = (s, e) => selected.Contains(s)
                && (patterns == null || patterns.Any(p => p.IsMatch(e.ObjectName)))
                && (EventType == null || EventType.Any(t => string.Equals(t, e.EventName, StringComparison.OrdinalIgnoreCase)));
            WriteVerbose("waiting for " + (EventType == null ? "any event" : string.Join(" or ", EventType)) +
                (Name == null ? "" : " of " + string.Join(", ", Name)) + " from " + string.Join(", ", selected.Select(s => s.SourceIdentifier).Distinct()) +
                (Timeout >= 0 ? " for " + Timeout + " s" : ""));
            var e = SessionEvents.Current.WaitTake(match, () => selected.All(s => s.State != LibvirtEventSubscriberState.Active),
                Timeout >= 0 ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null, CancellationToken);
            if (CancellationToken.IsCancellationRequested) throw new PipelineStoppedException();
            if (e != null)
            {
                WriteObject(e);
                base.EndProcessing();
                return;
            }
            if (selected.All(s => s.State != LibvirtEventSubscriberState.Active))
            {
                var ended = selected.FirstOrDefault(s => s.State == LibvirtEventSubscriberState.Failed) ?? selected.First();
                ended.EndReported = true;
                ThrowTerminatingError(EndedRecord(ended));
            }
            string message = "No matching libvirt event arrived within " + Timeout.ToString(CultureInfo.InvariantCulture) + " s (waited for " +
                (EventType == null ? "any event" : string.Join(" or ", EventType)) + (Name == null ? "" : " of " + string.Join(", ", Name)) + ").";
            ThrowTerminatingError(new ErrorRecord(new LibvirtException(LibvirtErrorCode.OperationTimeout, LibvirtErrorDomain.None, message),
                "WaitEventTimeout", ErrorCategory.OperationTimeout, null)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Raise -Timeout, or check the filters with Get-LibvirtEvent." },
            });
        }
    }
}
