using System;
using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Get-LibvirtEvent: takes the events that have arrived for the session's subscribers (oldest first), optionally
    /// waiting for the first one. Events are removed from the queue as they are returned.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtEvent")]
    [Alias("Get-LibvirtDomainEvent")]
    [OutputType(typeof(LibvirtDomainEvent), typeof(LibvirtNetworkEvent), typeof(LibvirtStoragePoolEvent))]
    public sealed class GetLibvirtEventCommand : LibvirtEventReadCommandBase
    {
        /// <summary>When nothing has arrived yet, wait for the first event (up to -Timeout), then return everything that has arrived.</summary>
        [Parameter]
        // hides the base class's Wait(Task) helper on purpose: PowerShell users know the switch as -Wait
        public new SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait at most (default: until an event arrives or Ctrl+C); nothing is returned when none arrives.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Timeout { get; set; } = -1;

        protected override void EndProcessing()
        {
            var selected = SelectSubscribers();
            var session = SessionEvents.Current;
            Func<LibvirtEventSubscriber, LibvirtEvent, bool> match = (s, e) => selected.Contains(s);
            var events = session.TakeAll(match);
            if (events.Count == 0 && Wait)
            {
                var first = session.WaitTake(match, () => selected.All(s => s.State != LibvirtEventSubscriberState.Active),
                    Timeout >= 0 ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null, CancellationToken);
                if (CancellationToken.IsCancellationRequested) throw new PipelineStoppedException();
                if (first != null)
                {
                    events.Add(first);
                    events.AddRange(session.TakeAll(match));
                }
                else if (selected.Any(s => s.State == LibvirtEventSubscriberState.Active))
                {
                    WriteVerbose("no event arrived within " + Timeout + " s");
                }
            }
            foreach (var e in events) WriteObject(e);
            ReportEnded(selected);
            base.EndProcessing();
        }
    }
}
