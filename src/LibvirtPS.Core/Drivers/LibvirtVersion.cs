using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>libvirt encodes versions as major * 1,000,000 + minor * 1,000 + micro.</summary>
    public static class LibvirtVersion
    {
        public static Version Decode(ulong value) =>
            new Version((int)(value / 1000000), (int)(value / 1000 % 1000), (int)(value % 1000));
    }
}
