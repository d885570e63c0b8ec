namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>
    /// <c>virDomainEventType</c> (the lifecycle event's <c>event</c>), same numbers as libvirt; plus <see cref="Reboot"/>
    /// for the separate REBOOT event id, so one filter can name both.
    /// </summary>
    public enum LibvirtDomainEventType
    {
        Defined = 0,
        Undefined = 1,
        Started = 2,
        Suspended = 3,
        Resumed = 4,
        Stopped = 5,
        Shutdown = 6,
        PMSuspended = 7,
        Crashed = 8,

        /// <summary>Not a lifecycle value: the VIR_DOMAIN_EVENT_ID_REBOOT event (guest or API reboot).</summary>
        Reboot = 100,
    }
}
