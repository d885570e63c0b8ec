using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// GSSAPI (Kerberos) placeholder: LibvirtPS has no Kerberos client, so choosing it fails at once with a clear
    /// message instead of sending anything to the daemon.
    /// </summary>
    public sealed class GssapiMechanism : ISaslMechanism
    {
        public const string NotSupported = "GSSAPI (Kerberos) is not supported by LibvirtPS on this platform";

        public string Name => "GSSAPI";

        // Cyrus' gssapi plugin offers up to 256 (so it stays eligible on plain tcp and fails clearly there too)
        public int MaxSsf => 256;

        public bool IsComplete => false;

        public ISaslSecurityLayer? SecurityLayer => null;

        public byte[]? Start(SaslContext context) => throw Error();

        public byte[]? Step(byte[]? challenge) => throw Error();

        private static LibvirtException Error() =>
            new LibvirtException(LibvirtErrorCode.AuthUnavailable, LibvirtErrorDomain.Remote, NotSupported)
            {
                Hint = "Configure the daemon with another SASL mechanism (mech_list: scram-sha-256 over TLS or unix, digest-md5 over tcp) or connect with auth=sasl.<MECHANISM>.",
            };
    }
}
