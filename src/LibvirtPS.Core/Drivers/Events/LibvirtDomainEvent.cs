using System;

namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>A domain lifecycle event (or the reboot event, <see cref="Event"/> = Reboot, detail 0).</summary>
    public sealed class LibvirtDomainEvent : LibvirtEvent
    {
        public LibvirtDomainEvent(string uri, string domainName, Guid domainUuid, int? domainId, LibvirtDomainEventType eventType, int detail)
            : base(eventType == LibvirtDomainEventType.Reboot ? LibvirtEventKind.DomainReboot : LibvirtEventKind.DomainLifecycle,
                uri, domainName, domainUuid)
        {
            DomainId = domainId;
            Event = eventType;
            Detail = detail;
        }

        public string DomainName => ObjectName;

        public Guid DomainUuid => ObjectUuid;

        /// <summary>The domain's id as the event names it (null when inactive: the wire says -1).</summary>
        public int? DomainId { get; }

        /// <summary>libvirt's <c>virDomainEventType</c> (or Reboot).</summary>
        public LibvirtDomainEventType Event { get; }

        /// <summary>The detail number as libvirt sent it.</summary>
        public int Detail { get; }

        public override string EventName => Event.ToString();

        public override string DetailName => Event == LibvirtDomainEventType.Reboot ? "" : DomainEventDetails.Name(Event, Detail);
    }
}
