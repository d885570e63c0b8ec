using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Register-LibvirtStoragePoolEvent: watches storage pool lifecycle events and refreshes.</summary>
    [Cmdlet(VerbsLifecycle.Register, "LibvirtStoragePoolEvent")]
    [OutputType(typeof(LibvirtEventSubscriber))]
    public sealed class RegisterLibvirtStoragePoolEventCommand : RegisterLibvirtEventCommandBase
    {
        /// <summary>Only events of pools with these names (wildcards, case-sensitive).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only these event types (lifecycle ones, plus Refresh); default: all.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public LibvirtStoragePoolEventType[]? EventType { get; set; }

        protected override string ObjectType => "StoragePool";

        protected override IReadOnlyList<LibvirtEventKind> Kinds()
        {
            var kinds = new List<LibvirtEventKind>();
            if (EventType == null || EventType.Any(t => t != LibvirtStoragePoolEventType.Refresh)) kinds.Add(LibvirtEventKind.StoragePoolLifecycle);
            if (EventType == null || EventType.Contains(LibvirtStoragePoolEventType.Refresh)) kinds.Add(LibvirtEventKind.StoragePoolRefresh);
            return kinds;
        }

        protected override Func<LibvirtEvent, bool> BuildFilter()
        {
            var patterns = Patterns(Name);
            var types = EventType;
            return e => e is LibvirtStoragePoolEvent p
                && (patterns == null || patterns.Any(x => x.IsMatch(p.PoolName)))
                && (types == null || Array.IndexOf(types, p.Event) >= 0);
        }

        protected override string FilterText() => DescribeFilters(("Name", Name), ("EventType", EventType));
    }
}
