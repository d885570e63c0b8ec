namespace LibvirtPS.Core.Protocol
{
    /// <summary><c>enum remote_auth_type</c>: what AUTH_LIST offers.</summary>
    public enum RemoteAuthType
    {
        None = 0,
        Sasl = 1,
        Polkit = 2,
    }
}
