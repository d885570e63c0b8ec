namespace LibvirtPS.Core.Drivers
{
    /// <summary>libvirt's virDomainState, with libvirt's names.</summary>
    public enum DomainState
    {
        NoState = 0,
        Running = 1,
        Blocked = 2,
        Paused = 3,
        Shutdown = 4,
        Shutoff = 5,
        Crashed = 6,
        PMSuspended = 7,
    }
}
