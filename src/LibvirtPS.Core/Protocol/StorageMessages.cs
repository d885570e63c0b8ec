using LibvirtPS.Core.Rpc;

// Storage pools and volumes (remote_protocol.x: remote_storage_pool_* / remote_storage_vol_*). Structs with the
// same fields share one C# type; each summary names the procedures that use it.
namespace LibvirtPS.Core.Protocol
{
    /// <summary>CONNECT_LIST_ALL_STORAGE_POOLS args.</summary>
    [XdrStruct]
    public sealed partial class ConnectListAllStoragePoolsArgs
    {
        public int NeedResults { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>CONNECT_LIST_ALL_STORAGE_POOLS ret.</summary>
    [XdrStruct]
    public sealed partial class ConnectListAllStoragePoolsRet
    {
        [XdrMax(StorageLimits.PoolListMax)]
        public RemoteNonnullStoragePool[] Pools { get; set; } = new RemoteNonnullStoragePool[0];

        public uint Ret { get; set; }
    }

    /// <summary>STORAGE_POOL_LIST_ALL_VOLUMES args.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolListAllVolumesArgs
    {
        public RemoteNonnullStoragePool Pool { get; set; } = new RemoteNonnullStoragePool();

        public int NeedResults { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>STORAGE_POOL_LIST_ALL_VOLUMES ret.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolListAllVolumesRet
    {
        [XdrMax(StorageLimits.VolListMax)]
        public RemoteNonnullStorageVol[] Vols { get; set; } = new RemoteNonnullStorageVol[0];

        public uint Ret { get; set; }
    }

    /// <summary>STORAGE_POOL_LOOKUP_BY_NAME args.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolLookupByNameArgs
    {
        public string Name { get; set; } = "";
    }

    /// <summary>STORAGE_POOL_LOOKUP_BY_UUID args.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolLookupByUuidArgs
    {
        [XdrFixed(RemoteLimits.UuidLength)]
        public byte[] Uuid { get; set; } = new byte[RemoteLimits.UuidLength];
    }

    /// <summary>STORAGE_POOL_LOOKUP_BY_VOLUME args.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolLookupByVolumeArgs
    {
        public RemoteNonnullStorageVol Vol { get; set; } = new RemoteNonnullStorageVol();
    }

    /// <summary>the ret of the pool lookups, STORAGE_POOL_CREATE_XML and STORAGE_POOL_DEFINE_XML: one pool.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolRet
    {
        public RemoteNonnullStoragePool Pool { get; set; } = new RemoteNonnullStoragePool();
    }

    /// <summary>STORAGE_POOL_CREATE_XML and STORAGE_POOL_DEFINE_XML args.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolXmlArgs
    {
        public string Xml { get; set; } = "";

        public uint Flags { get; set; }
    }

    /// <summary>args of STORAGE_POOL_UNDEFINE, STORAGE_POOL_DESTROY, GET_INFO, GET_AUTOSTART, IS_ACTIVE, IS_PERSISTENT: the pool alone.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolArgs
    {
        public RemoteNonnullStoragePool Pool { get; set; } = new RemoteNonnullStoragePool();
    }

    /// <summary>args of STORAGE_POOL_BUILD, STORAGE_POOL_CREATE, STORAGE_POOL_DELETE, STORAGE_POOL_REFRESH, STORAGE_POOL_GET_XML_DESC.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolFlagsArgs
    {
        public RemoteNonnullStoragePool Pool { get; set; } = new RemoteNonnullStoragePool();

        public uint Flags { get; set; }
    }

    /// <summary>STORAGE_POOL_GET_INFO ret (state is an unsigned char: 4 bytes on the wire).</summary>
    [XdrStruct]
    public sealed partial class StoragePoolGetInfoRet
    {
        public uint State { get; set; }

        public ulong Capacity { get; set; }

        public ulong Allocation { get; set; }

        public ulong Available { get; set; }
    }

    /// <summary>STORAGE_POOL_SET_AUTOSTART args.</summary>
    [XdrStruct]
    public sealed partial class StoragePoolSetAutostartArgs
    {
        public RemoteNonnullStoragePool Pool { get; set; } = new RemoteNonnullStoragePool();

        public int Autostart { get; set; }
    }

    /// <summary>the int ret of GET_AUTOSTART, IS_ACTIVE and IS_PERSISTENT.</summary>
    [XdrStruct]
    public sealed partial class StorageIntRet
    {
        public int Value { get; set; }
    }

    /// <summary>the XML ret of STORAGE_POOL_GET_XML_DESC and STORAGE_VOL_GET_XML_DESC.</summary>
    [XdrStruct]
    public sealed partial class StorageXmlRet
    {
        public string Xml { get; set; } = "";
    }

    /// <summary>STORAGE_VOL_LOOKUP_BY_NAME args.</summary>
    [XdrStruct]
    public sealed partial class StorageVolLookupByNameArgs
    {
        public RemoteNonnullStoragePool Pool { get; set; } = new RemoteNonnullStoragePool();

        public string Name { get; set; } = "";
    }

    /// <summary>STORAGE_VOL_LOOKUP_BY_KEY args.</summary>
    [XdrStruct]
    public sealed partial class StorageVolLookupByKeyArgs
    {
        public string Key { get; set; } = "";
    }

    /// <summary>STORAGE_VOL_LOOKUP_BY_PATH args.</summary>
    [XdrStruct]
    public sealed partial class StorageVolLookupByPathArgs
    {
        public string Path { get; set; } = "";
    }

    /// <summary>the ret of the volume lookups, STORAGE_VOL_CREATE_XML and STORAGE_VOL_CREATE_XML_FROM: one volume.</summary>
    [XdrStruct]
    public sealed partial class StorageVolRet
    {
        public RemoteNonnullStorageVol Vol { get; set; } = new RemoteNonnullStorageVol();
    }

    /// <summary>STORAGE_VOL_CREATE_XML args.</summary>
    [XdrStruct]
    public sealed partial class StorageVolCreateXmlArgs
    {
        public RemoteNonnullStoragePool Pool { get; set; } = new RemoteNonnullStoragePool();

        public string Xml { get; set; } = "";

        public uint Flags { get; set; }
    }

    /// <summary>STORAGE_VOL_CREATE_XML_FROM args (clone).</summary>
    [XdrStruct]
    public sealed partial class StorageVolCreateXmlFromArgs
    {
        public RemoteNonnullStoragePool Pool { get; set; } = new RemoteNonnullStoragePool();

        public string Xml { get; set; } = "";

        public RemoteNonnullStorageVol CloneVol { get; set; } = new RemoteNonnullStorageVol();

        public uint Flags { get; set; }
    }

    /// <summary>args of STORAGE_VOL_GET_INFO, STORAGE_VOL_GET_PATH: the volume alone.</summary>
    [XdrStruct]
    public sealed partial class StorageVolArgs
    {
        public RemoteNonnullStorageVol Vol { get; set; } = new RemoteNonnullStorageVol();
    }

    /// <summary>args of STORAGE_VOL_DELETE, STORAGE_VOL_GET_XML_DESC, STORAGE_VOL_WIPE.</summary>
    [XdrStruct]
    public sealed partial class StorageVolFlagsArgs
    {
        public RemoteNonnullStorageVol Vol { get; set; } = new RemoteNonnullStorageVol();

        public uint Flags { get; set; }
    }

    /// <summary>STORAGE_VOL_GET_INFO ret (type is a char: 4 bytes on the wire).</summary>
    [XdrStruct]
    public sealed partial class StorageVolGetInfoRet
    {
        public int Type { get; set; }

        public ulong Capacity { get; set; }

        public ulong Allocation { get; set; }
    }

    /// <summary>STORAGE_VOL_GET_PATH ret.</summary>
    [XdrStruct]
    public sealed partial class StorageVolGetPathRet
    {
        public string Name { get; set; } = "";
    }

    /// <summary>STORAGE_VOL_RESIZE args.</summary>
    [XdrStruct]
    public sealed partial class StorageVolResizeArgs
    {
        public RemoteNonnullStorageVol Vol { get; set; } = new RemoteNonnullStorageVol();

        public ulong Capacity { get; set; }

        public uint Flags { get; set; }
    }

    /// <summary>STORAGE_VOL_UPLOAD / STORAGE_VOL_DOWNLOAD args.</summary>
    [XdrStruct]
    public sealed partial class StorageVolTransferArgs
    {
        public RemoteNonnullStorageVol Vol { get; set; } = new RemoteNonnullStorageVol();

        public ulong Offset { get; set; }

        public ulong Length { get; set; }

        public uint Flags { get; set; }
    }
}
