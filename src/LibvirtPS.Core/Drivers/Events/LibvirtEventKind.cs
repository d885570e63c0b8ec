namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>
    /// The event streams a subscription can ask for: one registration on the wire per kind and connection
    /// (libvirt's event id within its object family).
    /// </summary>
    public enum LibvirtEventKind
    {
        /// <summary>VIR_DOMAIN_EVENT_ID_LIFECYCLE (0): DOMAIN_EVENT_CALLBACK_LIFECYCLE (318) messages.</summary>
        DomainLifecycle,

        /// <summary>VIR_DOMAIN_EVENT_ID_REBOOT (1): DOMAIN_EVENT_CALLBACK_REBOOT (319) messages.</summary>
        DomainReboot,

        /// <summary>VIR_NETWORK_EVENT_ID_LIFECYCLE (0): NETWORK_EVENT_LIFECYCLE (315) messages.</summary>
        NetworkLifecycle,

        /// <summary>VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE (0): STORAGE_POOL_EVENT_LIFECYCLE (370) messages.</summary>
        StoragePoolLifecycle,

        /// <summary>VIR_STORAGE_POOL_EVENT_ID_REFRESH (1): STORAGE_POOL_EVENT_REFRESH (373) messages.</summary>
        StoragePoolRefresh,
    }
}
