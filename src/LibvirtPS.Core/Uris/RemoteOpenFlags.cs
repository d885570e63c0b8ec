using System;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// The remote driver's internal open flags, which are also what goes into <c>CONNECT_OPEN.flags</c>
    /// on the wire (the daemon only looks at bit 0).
    /// </summary>
    [Flags]
    public enum RemoteOpenFlags
    {
        None = 0,
        ReadOnly = 1,
        User = 2,
        Autostart = 4,
    }
}
