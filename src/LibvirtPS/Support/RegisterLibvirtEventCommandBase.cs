using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Register-Libvirt*Event: one subscriber per connection, registered for the event streams its filters need (the
    /// connection shares one wire registration per stream among all subscribers), added to the session.
    /// No -Uri: a connection opened for one command would close, and end the subscription, when the command ends.
    /// </summary>
    public abstract class RegisterLibvirtEventCommandBase : LibvirtCommandBase
    {
        private readonly List<LibvirtConnection> _connections = new List<LibvirtConnection>();
        private string? _sourceIdentifier;

        /// <summary>The connections to watch; default: the session's default connection.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public LibvirtConnection[]? Connection { get; set; }

        /// <summary>The name to read the events by (Get-/Wait-/Unregister-LibvirtEvent -SourceIdentifier); default: a new one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SourceIdentifier { get; set; }

        /// <summary>Post the events to PowerShell's event queue (Get-Event, Wait-Event, Register-EngineEvent -Action) instead of the LibvirtPS queue.</summary>
        [Parameter]
        public SwitchParameter ToEventQueue { get; set; }

        /// <summary>Domain, Network or StoragePool.</summary>
        protected abstract string ObjectType { get; }

        /// <summary>The event streams the filters need.</summary>
        protected abstract IReadOnlyList<LibvirtEventKind> Kinds();

        /// <summary>The filter, run on the reader thread for every event of <see cref="Kinds"/>: it must be quick.</summary>
        protected abstract Func<LibvirtEvent, bool> BuildFilter();

        /// <summary>The filters as text, for the subscriber's Filter property.</summary>
        protected abstract string FilterText();

        /// <summary>Connections implied by other parameters (e.g. -Domain objects), used when -Connection is not given.</summary>
        protected virtual IEnumerable<LibvirtConnection> ImpliedConnections() => Enumerable.Empty<LibvirtConnection>();

        protected override void ProcessRecord()
        {
            if (Connection != null) _connections.AddRange(Connection);
        }

        protected override void EndProcessing()
        {
            var targets = _connections.Count > 0 ? _connections : ImpliedConnections().ToList();
            if (targets.Count == 0)
            {
                var d = SessionConnections.Current.Default;
                if (d == null)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new InvalidOperationException("There is no libvirt connection: run Connect-Libvirt first, or give -Connection."),
                        "NoLibvirtConnection", ErrorCategory.ConnectionError, null));
                }
                targets = new List<LibvirtConnection> { d! };
            }
            _sourceIdentifier = SourceIdentifier ?? SessionEvents.NewSourceIdentifier(ObjectType);
            var session = SessionEvents.Current;
            var filter = BuildFilter();
            var kinds = Kinds();
            foreach (var c in targets.Distinct())
            {
                if (session.Subscribers.Any(s => s.Connection == c && s.SourceIdentifier == _sourceIdentifier && s.State != LibvirtEventSubscriberState.Unregistered))
                {
                    WriteError(new ErrorRecord(new InvalidOperationException("A subscriber with the source identifier '" + _sourceIdentifier +
                        "' already watches " + c.Uri + "; pick another -SourceIdentifier, or Unregister-LibvirtEvent it first."),
                        "SourceIdentifierInUse", ErrorCategory.ResourceExists, _sourceIdentifier));
                    continue;
                }
                var subscriber = new LibvirtEventSubscriber(session, _sourceIdentifier, ObjectType, c, FilterText(), filter, ToEventQueue ? Events : null);
                if (Subscribe(c, subscriber, kinds))
                {
                    session.Add(subscriber);
                    WriteObject(subscriber);
                }
            }
            base.EndProcessing();
        }

        private bool Subscribe(LibvirtConnection c, LibvirtEventSubscriber subscriber, IReadOnlyList<LibvirtEventKind> kinds)
        {
            BeginTrace(c);
            try
            {
                foreach (var kind in kinds)
                {
                    WriteVerbose(c.Uri + ": subscribing to " + kind + " events");
                    subscriber.Add(WaitTraced(c, c.Hypervisor.SubscribeEventsAsync(kind, subscriber, CancellationToken)));
                }
                return true;
            }
            catch (LibvirtException e)
            {
                // a half-made subscriber is undone: none of its streams stays registered for it
                foreach (var s in subscriber.Subscriptions)
                {
                    try { Wait(s.UnsubscribeAsync(CancellationToken)); } catch (LibvirtException) { }
                }
                WriteError(ErrorRecords.ForCall(e, "RegisterEventFailed", c.Uri));
                return false;
            }
            finally
            {
                c.Trace.Enabled = false;
            }
        }

        /// <summary>The filters given, as the subscriber shows them: "Name=a,b; EventType=Started", or "*" for none.</summary>
        protected static string DescribeFilters(params (string Parameter, IEnumerable? Values)[] filters)
        {
            var parts = filters.Where(f => f.Values != null).Select(f => f.Parameter + "=" + string.Join(",", f.Values!.Cast<object>())).ToList();
            return parts.Count == 0 ? "*" : string.Join("; ", parts);
        }

        /// <summary>Case-sensitive wildcard patterns (libvirt names are case-sensitive), or null for none.</summary>
        protected static WildcardPattern[]? Patterns(string[]? names) =>
            names == null || names.Length == 0 ? null : names.Select(n => WildcardPattern.Get(n, WildcardOptions.None)).ToArray();
    }
}
