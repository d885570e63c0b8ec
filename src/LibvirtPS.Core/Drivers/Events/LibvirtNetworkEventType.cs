namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary><c>virNetworkEventLifecycleType</c>, same numbers as libvirt (the detail is always 0).</summary>
    public enum LibvirtNetworkEventType
    {
        Defined = 0,
        Undefined = 1,
        Started = 2,
        Stopped = 3,
    }
}
