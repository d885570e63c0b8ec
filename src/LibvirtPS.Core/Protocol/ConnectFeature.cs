namespace LibvirtPS.Core.Protocol
{
    /// <summary>
    /// Feature numbers asked with CONNECT_SUPPORTS_FEATURE (<c>VIR_DRV_FEATURE_*</c>, <c>src/libvirt_internal.h</c>).
    /// Asking for <see cref="ProgramKeepalive"/> is what makes the daemon start pinging the client.
    /// </summary>
    public enum ConnectFeature
    {
        MigrationV1 = 1,
        Remote = 2,
        MigrationV2 = 3,
        MigrationP2P = 4,
        MigrationDirect = 5,
        MigrationV3 = 6,
        MigrateChangeProtection = 7,
        FdPassing = 8,
        TypedParamString = 9,
        ProgramKeepalive = 10,
        XmlMigratable = 11,
        MigrationOffline = 12,
        MigrationParams = 13,
        RemoteEventCallback = 14,
        RemoteCloseCallback = 15,
        NetworkUpdateHasCorrectOrder = 16,
    }
}
