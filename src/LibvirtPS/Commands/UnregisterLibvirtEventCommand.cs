using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Unregister-LibvirtEvent: removes event subscribers from the session; the connection deregisters on the wire when
    /// its last subscriber of a stream goes. Events of the subscriber not read yet are discarded.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "LibvirtEvent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = BySourceIdentifier)]
    [Alias("Unregister-LibvirtDomainEvent")]
    [OutputType(typeof(void))]
    public sealed class UnregisterLibvirtEventCommand : LibvirtCommandBase
    {
        private const string BySourceIdentifier = "BySourceIdentifier";
        private const string BySubscriber = "BySubscriber";

        /// <summary>The source identifiers of the subscribers to remove (wildcards).</summary>
        [Parameter(ParameterSetName = BySourceIdentifier, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EventSourceIdentifierCompleter))]
        public string[]? SourceIdentifier { get; set; }

        /// <summary>The subscribers to remove, as Register-Libvirt*Event wrote them.</summary>
        [Parameter(ParameterSetName = BySubscriber, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public LibvirtEventSubscriber[]? Subscriber { get; set; }

        protected override void ProcessRecord()
        {
            var session = SessionEvents.Current;
            if (ParameterSetName == BySubscriber)
            {
                foreach (var s in Subscriber!) Unregister(session, s);
                return;
            }
            foreach (var id in SourceIdentifier!)
            {
                var p = WildcardPattern.Get(id, WildcardOptions.IgnoreCase);
                var hits = session.Subscribers.Where(s => p.IsMatch(s.SourceIdentifier)).ToList();
                if (hits.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(id))
                {
                    WriteError(new ErrorRecord(new System.ArgumentException("There is no event subscriber with the source identifier '" + id + "' in this session."),
                        "EventSubscriberNotFound", ErrorCategory.ObjectNotFound, id));
                    continue;
                }
                foreach (var s in hits) Unregister(session, s);
            }
        }

        private void Unregister(SessionEvents session, LibvirtEventSubscriber s)
        {
            if (!ShouldProcess("Event subscriber '" + s.SourceIdentifier + "' on " + s.Connection.Uri, "Unregister")) return;
            bool wasActive = s.State == LibvirtEventSubscriberState.Active;
            s.MarkUnregistered();
            session.Remove(s);
            session.TakeAll((owner, _) => ReferenceEquals(owner, s));
            if (!wasActive) return; // its connection is gone: nothing to deregister
            BeginTrace(s.Connection);
            try
            {
                foreach (var sub in s.Subscriptions) WaitTraced(s.Connection, Done(sub.UnsubscribeAsync(CancellationToken)));
            }
            catch (LibvirtException e)
            {
                WriteError(ErrorRecords.ForCall(e, "UnregisterEventFailed", s.SourceIdentifier));
            }
            finally
            {
                s.Connection.Trace.Enabled = false;
            }
        }

        private static async System.Threading.Tasks.Task<bool> Done(System.Threading.Tasks.Task t)
        {
            await t.ConfigureAwait(false);
            return true;
        }
    }
}
