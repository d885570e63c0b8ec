using System;
using System.Globalization;

namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>A storage pool lifecycle event, or the refresh event (<see cref="Event"/> = Refresh).</summary>
    public sealed class LibvirtStoragePoolEvent : LibvirtEvent
    {
        public LibvirtStoragePoolEvent(string uri, string poolName, Guid poolUuid, LibvirtStoragePoolEventType eventType, int detail)
            : base(eventType == LibvirtStoragePoolEventType.Refresh ? LibvirtEventKind.StoragePoolRefresh : LibvirtEventKind.StoragePoolLifecycle,
                uri, poolName, poolUuid)
        {
            Event = eventType;
            Detail = detail;
        }

        public string PoolName => ObjectName;

        public Guid PoolUuid => ObjectUuid;

        public LibvirtStoragePoolEventType Event { get; }

        /// <summary>Always 0 in libvirt 9.0 (no detail constants for pools).</summary>
        public int Detail { get; }

        public override string EventName => Event.ToString();

        public override string DetailName => Detail == 0 ? "" : Detail.ToString(CultureInfo.InvariantCulture);
    }
}
