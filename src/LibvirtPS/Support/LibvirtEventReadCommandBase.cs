using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Support
{
    /// <summary>Get-/Wait-LibvirtEvent: pick the session's subscribers by -SourceIdentifier, report their failures once.</summary>
    public abstract class LibvirtEventReadCommandBase : LibvirtCommandBase
    {
        /// <summary>Only events of subscribers with these source identifiers (wildcards); default: every subscriber of the session.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EventSourceIdentifierCompleter))]
        public string[]? SourceIdentifier { get; set; }

        /// <summary>The subscribers -SourceIdentifier selects; a terminating error when a name without wildcards selects none.</summary>
        protected HashSet<LibvirtEventSubscriber> SelectSubscribers()
        {
            var all = SessionEvents.Current.Subscribers;
            if (SourceIdentifier == null) return new HashSet<LibvirtEventSubscriber>(all);
            var selected = new HashSet<LibvirtEventSubscriber>();
            foreach (var id in SourceIdentifier)
            {
                var p = WildcardPattern.Get(id, WildcardOptions.IgnoreCase);
                var hits = all.Where(s => p.IsMatch(s.SourceIdentifier)).ToList();
                if (hits.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(id))
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("There is no event subscriber with the source identifier '" + id +
                        "' in this session; Register-LibvirtDomainEvent (or -NetworkEvent, -StoragePoolEvent) makes one."),
                        "EventSubscriberNotFound", ErrorCategory.ObjectNotFound, id));
                }
                selected.UnionWith(hits);
            }
            return selected;
        }

        /// <summary>Writes an error (once) for each selected subscriber whose connection died, and a warning for dropped events.</summary>
        protected void ReportEnded(IEnumerable<LibvirtEventSubscriber> subscribers)
        {
            foreach (var s in subscribers)
            {
                if (s.State == LibvirtEventSubscriberState.Failed && !s.EndReported)
                {
                    s.EndReported = true;
                    WriteError(EndedRecord(s));
                }
                long dropped = s.Dropped;
                if (dropped > s.DroppedReported)
                {
                    WriteWarning((dropped - s.DroppedReported) + " events of '" + s.SourceIdentifier + "' were dropped (the oldest first): the session queue holds " +
                        SessionEvents.MaxQueued + "; read it more often.");
                    s.DroppedReported = dropped;
                }
            }
        }

        protected static ErrorRecord EndedRecord(LibvirtEventSubscriber s)
        {
            string message = s.State == LibvirtEventSubscriberState.Failed
                ? "The event subscriber '" + s.SourceIdentifier + "' on " + s.Connection.Uri + " ended: the connection died: " + s.EndReason
                : "The event subscriber '" + s.SourceIdentifier + "' on " + s.Connection.Uri + " ended: its connection was closed.";
            var inner = s.EndException;
            var e = new LibvirtException(LibvirtErrorCode.InvalidConn, LibvirtErrorDomain.None, message, LibvirtErrorLevel.Error, inner);
            return new ErrorRecord(e, "EventSubscriberEnded", ErrorCategory.ConnectionError, s)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Connect-Libvirt again and register a new subscriber." },
            };
        }
    }
}
