namespace LibvirtPS.Core.Uris
{
    /// <summary>Where the URI of a connection came from.</summary>
    public enum UriSource
    {
        /// <summary>Given by the caller.</summary>
        Argument,
        /// <summary>From <c>LIBVIRT_DEFAULT_URI</c>.</summary>
        Environment,
        /// <summary>From <c>uri_default</c> in the client libvirt.conf.</summary>
        ConfigFile,
        /// <summary>An alias from <c>uri_aliases</c> was expanded.</summary>
        Alias,
        /// <summary>No URI at all: the local daemon is asked which hypervisor it serves.</summary>
        Probe,
    }
}
