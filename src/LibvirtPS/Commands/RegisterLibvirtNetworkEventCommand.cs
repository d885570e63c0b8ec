using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Register-LibvirtNetworkEvent: watches network lifecycle events (defined, undefined, started, stopped).</summary>
    [Cmdlet(VerbsLifecycle.Register, "LibvirtNetworkEvent")]
    [OutputType(typeof(LibvirtEventSubscriber))]
    public sealed class RegisterLibvirtNetworkEventCommand : RegisterLibvirtEventCommandBase
    {
        /// <summary>Only events of networks with these names (wildcards, case-sensitive).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only these event types; default: all.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public LibvirtNetworkEventType[]? EventType { get; set; }

        protected override string ObjectType => "Network";

        protected override IReadOnlyList<LibvirtEventKind> Kinds() => new[] { LibvirtEventKind.NetworkLifecycle };

        protected override Func<LibvirtEvent, bool> BuildFilter()
        {
            var patterns = Patterns(Name);
            var types = EventType;
            return e => e is LibvirtNetworkEvent n
                && (patterns == null || patterns.Any(p => p.IsMatch(n.NetworkName)))
                && (types == null || Array.IndexOf(types, n.Event) >= 0);
        }

        protected override string FilterText() => DescribeFilters(("Name", Name), ("EventType", EventType));
    }
}
