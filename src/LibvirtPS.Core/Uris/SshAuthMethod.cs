namespace LibvirtPS.Core.Uris
{
    /// <summary>libvirt's <c>sshauth</c> methods, tried in the given order.</summary>
    public enum SshAuthMethod { Agent, PrivateKey, Password, KeyboardInteractive }
}
