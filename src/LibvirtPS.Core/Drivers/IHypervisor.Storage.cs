using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Drivers
{
    // Storage pools and volumes. Pools are named by name, volumes by pool name and volume name (what virsh takes).
    public partial interface IHypervisor
    {
        /// <summary>virConnectListAllStoragePools with <paramref name="flags"/> (VIR_CONNECT_LIST_STORAGE_POOLS_*), each with its info.</summary>
        Task<IReadOnlyList<StoragePoolInfo>> ListStoragePoolsAsync(uint flags, CancellationToken cancellationToken);

        /// <summary>One pool by name; <c>NoStoragePool</c> when there is none.</summary>
        Task<StoragePoolInfo> LookupStoragePoolAsync(string name, CancellationToken cancellationToken);

        Task<StoragePoolInfo> LookupStoragePoolByUuidAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virStoragePoolDefineXML (persistent, inactive).</summary>
        Task<StoragePoolInfo> DefineStoragePoolAsync(string xml, CancellationToken cancellationToken);

        /// <summary>virStoragePoolCreateXML (transient, started; flags VIR_STORAGE_POOL_CREATE_WITH_BUILD*).</summary>
        Task<StoragePoolInfo> CreateStoragePoolAsync(string xml, uint flags, CancellationToken cancellationToken);

        /// <summary>virStoragePoolBuild.</summary>
        Task BuildStoragePoolAsync(string name, uint flags, CancellationToken cancellationToken);

        /// <summary>virStoragePoolCreate: starts an inactive pool (flags VIR_STORAGE_POOL_CREATE_WITH_BUILD = 1 ...).</summary>
        Task StartStoragePoolAsync(string name, uint flags, CancellationToken cancellationToken);

        /// <summary>virStoragePoolDestroy: stops the pool (a transient one disappears).</summary>
        Task DestroyStoragePoolAsync(string name, CancellationToken cancellationToken);

        /// <summary>virStoragePoolDelete: deletes the pool's underlying storage (the pool must be inactive).</summary>
        Task DeleteStoragePoolAsync(string name, uint flags, CancellationToken cancellationToken);

        /// <summary>virStoragePoolUndefine.</summary>
        Task UndefineStoragePoolAsync(string name, CancellationToken cancellationToken);

        /// <summary>virStoragePoolRefresh.</summary>
        Task RefreshStoragePoolAsync(string name, CancellationToken cancellationToken);

        Task SetStoragePoolAutostartAsync(string name, bool autostart, CancellationToken cancellationToken);

        /// <summary>virStoragePoolGetXMLDesc (VIR_STORAGE_XML_INACTIVE = 1 when <paramref name="inactive"/>).</summary>
        Task<string> GetStoragePoolXmlAsync(string name, bool inactive, CancellationToken cancellationToken);

        /// <summary>virStoragePoolListAllVolumes, each with its path and info.</summary>
        Task<IReadOnlyList<StorageVolumeInfo>> ListStorageVolumesAsync(string pool, CancellationToken cancellationToken);

        /// <summary>One volume by pool and name; <c>NoStorageVol</c> when there is none.</summary>
        Task<StorageVolumeInfo> LookupStorageVolumeAsync(string pool, string name, CancellationToken cancellationToken);

        /// <summary>virStorageVolCreateXML.</summary>
        Task<StorageVolumeInfo> CreateStorageVolumeAsync(string pool, string xml, uint flags, CancellationToken cancellationToken);

        /// <summary>virStorageVolCreateXMLFrom: a new volume in <paramref name="pool"/> from <paramref name="xml"/>, with the content of the source volume.</summary>
        Task<StorageVolumeInfo> CloneStorageVolumeAsync(string pool, string xml, string sourcePool, string sourceName, uint flags, CancellationToken cancellationToken);

        /// <summary>virStorageVolDelete.</summary>
        Task DeleteStorageVolumeAsync(string pool, string name, uint flags, CancellationToken cancellationToken);

        /// <summary>virStorageVolWipe.</summary>
        Task WipeStorageVolumeAsync(string pool, string name, CancellationToken cancellationToken);

        /// <summary>virStorageVolResize (VIR_STORAGE_VOL_RESIZE_ALLOCATE 1, _DELTA 2, _SHRINK 4).</summary>
        Task ResizeStorageVolumeAsync(string pool, string name, ulong capacity, uint flags, CancellationToken cancellationToken);

        Task<string> GetStorageVolumeXmlAsync(string pool, string name, CancellationToken cancellationToken);

        /// <summary>virStorageVolUpload: a stream to send the content to (flags VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM = 1).</summary>
        Task<IDataStream> UploadStorageVolumeAsync(string pool, string name, ulong offset, ulong length, uint flags, CancellationToken cancellationToken);

        /// <summary>virStorageVolDownload: a stream delivering the content (flags VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM = 1).</summary>
        Task<IDataStream> DownloadStorageVolumeAsync(string pool, string name, ulong offset, ulong length, uint flags, CancellationToken cancellationToken);

        /// <summary>virDomainScreenshot: a stream delivering the image, and its MIME type.</summary>
        Task<(IDataStream Stream, string? MimeType)> ScreenshotDomainAsync(Guid uuid, uint screen, CancellationToken cancellationToken);
    }
}
