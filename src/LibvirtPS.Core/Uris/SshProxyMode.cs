namespace LibvirtPS.Core.Uris
{
    /// <summary>libvirt's <c>proxy</c> parameter: what runs on the SSH host to reach the daemon.</summary>
    public enum SshProxyMode { Auto, Netcat, Native }
}
