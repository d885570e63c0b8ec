using LibvirtPS.Core.Rpc;

// Device hot-plug / configuration changes (remote_protocol.x, libvirt 9.0); all return void.
namespace LibvirtPS.Core.Protocol
{
    /// <summary>
    /// DOMAIN_ATTACH_DEVICE_FLAGS (160), DOMAIN_DETACH_DEVICE_FLAGS (161) and DOMAIN_UPDATE_DEVICE_FLAGS (174) args:
    /// <c>{ remote_nonnull_domain dom; remote_nonnull_string xml; unsigned int flags; }</c>.
    /// </summary>
    [XdrStruct]
    public sealed partial class DomainDeviceFlagsArgs
    {
        public RemoteNonnullDomain Dom { get; set; } = new RemoteNonnullDomain();

        public string Xml { get; set; } = "";

        public uint Flags { get; set; }
    }
}
