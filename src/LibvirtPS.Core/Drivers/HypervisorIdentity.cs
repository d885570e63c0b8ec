namespace LibvirtPS.Core.Drivers
{
    /// <summary>What a connection is connected to: driver type, versions (libvirt's encoding major*1e6+minor*1e3+micro), host and URI.</summary>
    public sealed class HypervisorIdentity
    {
        public HypervisorIdentity(string type, ulong hypervisorVersion, ulong libVersion, string hostName, string uri)
        {
            Type = type;
            HypervisorVersion = hypervisorVersion;
            LibVersion = libVersion;
            HostName = hostName;
            Uri = uri;
        }

        /// <summary>CONNECT_GET_TYPE, e.g. TEST, QEMU.</summary>
        public string Type { get; }
        public ulong HypervisorVersion { get; }
        public ulong LibVersion { get; }
        public string HostName { get; }
        /// <summary>The URI the connection is known by (libvirt's virConnectGetURI).</summary>
        public string Uri { get; }
    }
}
