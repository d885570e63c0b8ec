namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>
    /// <c>virStoragePoolEventLifecycleType</c>, same numbers as libvirt (the detail is always 0); plus <see cref="Refresh"/>
    /// for the separate REFRESH event id, so one filter can name both.
    /// </summary>
    public enum LibvirtStoragePoolEventType
    {
        Defined = 0,
        Undefined = 1,
        Started = 2,
        Stopped = 3,
        Created = 4,
        Deleted = 5,

        /// <summary>Not a lifecycle value: the VIR_STORAGE_POOL_EVENT_ID_REFRESH event (virStoragePoolRefresh).</summary>
        Refresh = 100,
    }
}
