namespace LibvirtPS.Core.Uris
{
    /// <summary>libvirt's <c>known_hosts_verify</c> for the in-process SSH transports.</summary>
    public enum KnownHostsVerify
    {
        /// <summary>Unknown keys are shown to the user, who decides; changed keys are refused.</summary>
        Normal,
        /// <summary>Unknown keys are added to known_hosts; changed keys are refused.</summary>
        Auto,
        /// <summary>No host key check at all.</summary>
        Ignore,
    }
}
