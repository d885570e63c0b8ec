using System;
using System.Globalization;

namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>A network lifecycle event.</summary>
    public sealed class LibvirtNetworkEvent : LibvirtEvent
    {
        public LibvirtNetworkEvent(string uri, string networkName, Guid networkUuid, LibvirtNetworkEventType eventType, int detail)
            : base(LibvirtEventKind.NetworkLifecycle, uri, networkName, networkUuid)
        {
            Event = eventType;
            Detail = detail;
        }

        public string NetworkName => ObjectName;

        public Guid NetworkUuid => ObjectUuid;

        public LibvirtNetworkEventType Event { get; }

        /// <summary>Always 0 in libvirt 9.0 (no detail constants for networks).</summary>
        public int Detail { get; }

        public override string EventName => Event.ToString();

        public override string DetailName => Detail == 0 ? "" : Detail.ToString(CultureInfo.InvariantCulture);
    }
}
