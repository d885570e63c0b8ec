namespace LibvirtPS.Core.Errors
{
    /// <summary>libvirt's <c>virErrorNumber</c> values (include/libvirt/virterror.h), named after libvirt's.</summary>
    public enum LibvirtErrorCode
    {
        Ok = 0, InternalError = 1, NoMemory = 2, NoSupport = 3, UnknownHost = 4, NoConnect = 5, InvalidConn = 6,
        InvalidDomain = 7, InvalidArg = 8, OperationFailed = 9, GetFailed = 10, PostFailed = 11, HttpError = 12,
        SexprSerial = 13, NoXen = 14, XenCall = 15, OsType = 16, NoKernel = 17, NoRoot = 18, NoSource = 19,
        NoTarget = 20, NoName = 21, NoOs = 22, NoDevice = 23, NoXenstore = 24, DriverFull = 25, CallFailed = 26,
        XmlError = 27, DomExist = 28, OperationDenied = 29, OpenFailed = 30, ReadFailed = 31, ParseFailed = 32,
        ConfSyntax = 33, WriteFailed = 34, XmlDetail = 35, InvalidNetwork = 36, NetworkExist = 37, SystemError = 38,
        Rpc = 39, GnutlsError = 40, NoNetworkWarning = 41, NoDomain = 42, NoNetwork = 43, InvalidMac = 44,
        AuthFailed = 45, InvalidStoragePool = 46, InvalidStorageVol = 47, NoStorageWarning = 48, NoStoragePool = 49,
        NoStorageVol = 50, NoNodeWarning = 51, InvalidNodeDevice = 52, NoNodeDevice = 53, NoSecurityModel = 54,
        OperationInvalid = 55, NoInterfaceWarning = 56, NoInterface = 57, InvalidInterface = 58,
        MultipleInterfaces = 59, NoNwfilterWarning = 60, InvalidNwfilter = 61, NoNwfilter = 62, BuildFirewall = 63,
        NoSecretWarning = 64, InvalidSecret = 65, NoSecret = 66, ConfigUnsupported = 67, OperationTimeout = 68,
        MigratePersistFailed = 69, HookScriptFailed = 70, InvalidDomainSnapshot = 71, NoDomainSnapshot = 72,
        InvalidStream = 73, ArgumentUnsupported = 74, StorageProbeFailed = 75, StoragePoolBuilt = 76,
        SnapshotRevertRisky = 77, OperationAborted = 78, AuthCancelled = 79, NoDomainMetadata = 80,
        MigrateUnsafe = 81, Overflow = 82, BlockCopyActive = 83, OperationUnsupported = 84, Ssh = 85,
        AgentUnresponsive = 86, ResourceBusy = 87, AccessDenied = 88, DbusService = 89, StorageVolExist = 90,
        CpuIncompatible = 91, XmlInvalidSchema = 92, MigrateFinishOk = 93, AuthUnavailable = 94, NoServer = 95,
        NoClient = 96, AgentUnsynced = 97, Libssh = 98, DeviceMissing = 99, InvalidNwfilterBinding = 100,
        NoNwfilterBinding = 101, InvalidDomainCheckpoint = 102, NoDomainCheckpoint = 103, NoDomainBackup = 104,
        InvalidNetworkPort = 105, NetworkPortExist = 106, NoNetworkPort = 107, NoHostname = 108,
        CheckpointInconsistent = 109, MultipleDomains = 110,
    }
}
