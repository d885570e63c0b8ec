using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Register-LibvirtDomainEvent: watches domain lifecycle (and reboot) events on connections; matching events queue up
    /// in the session until Get-LibvirtEvent or Wait-LibvirtEvent takes them.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "LibvirtDomainEvent")]
    [OutputType(typeof(LibvirtEventSubscriber))]
    public sealed class RegisterLibvirtDomainEventCommand : RegisterLibvirtEventCommandBase
    {
        /// <summary>Only events of domains with these names (wildcards, case-sensitive).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DomainNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only events of these domains (by UUID); their connections are watched when -Connection is not given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public LibvirtDomain[]? Domain { get; set; }

        /// <summary>Only these event types (libvirt's lifecycle events, plus Reboot); default: all.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public LibvirtDomainEventType[]? EventType { get; set; }

        protected override string ObjectType => "Domain";

        protected override IEnumerable<LibvirtConnection> ImpliedConnections() =>
            Domain?.Select(d => d.Connection) ?? Enumerable.Empty<LibvirtConnection>();

        protected override IReadOnlyList<LibvirtEventKind> Kinds()
        {
            var kinds = new List<LibvirtEventKind>();
            if (EventType == null || EventType.Any(t => t != LibvirtDomainEventType.Reboot)) kinds.Add(LibvirtEventKind.DomainLifecycle);
            if (EventType == null || EventType.Contains(LibvirtDomainEventType.Reboot)) kinds.Add(LibvirtEventKind.DomainReboot);
            return kinds;
        }

        protected override Func<LibvirtEvent, bool> BuildFilter()
        {
            var patterns = Patterns(Name);
            var uuids = Domain?.Select(d => d.Uuid).ToArray();
            var types = EventType;
            return e => e is LibvirtDomainEvent d
                && (patterns == null || patterns.Any(p => p.IsMatch(d.DomainName)))
                && (uuids == null || Array.IndexOf(uuids, d.DomainUuid) >= 0)
                && (types == null || Array.IndexOf(types, d.Event) >= 0);
        }

        protected override string FilterText() =>
            DescribeFilters(("Name", Name), ("Domain", Domain?.Select(d => d.Name)), ("EventType", EventType));
    }
}
