using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Drivers.Remote
{
    // Storage pools and volumes over RPC. Calls take remote_nonnull_storage_pool/_vol: a lookup by name gives
    // them first, as virsh does. Info calls for many objects are pipelined (one round trip).
    public sealed partial class RemoteHypervisor
    {
        private Task<StoragePoolRet> PoolRefAsync(string name, CancellationToken ct) =>
            CallAsync<StoragePoolLookupByNameArgs, StoragePoolRet>(RemoteProcedure.StoragePoolLookupByName,
                new StoragePoolLookupByNameArgs { Name = name ?? throw new ArgumentNullException(nameof(name)) }, ct);

        private async Task<RemoteNonnullStoragePool> PoolAsync(string name, CancellationToken ct) =>
            (await PoolRefAsync(name, ct).ConfigureAwait(false)).Pool;

        private async Task<RemoteNonnullStorageVol> VolAsync(string pool, string name, CancellationToken ct)
        {
            var p = await PoolAsync(pool, ct).ConfigureAwait(false);
            return (await CallAsync<StorageVolLookupByNameArgs, StorageVolRet>(RemoteProcedure.StorageVolLookupByName,
                new StorageVolLookupByNameArgs { Pool = p, Name = name ?? throw new ArgumentNullException(nameof(name)) }, ct).ConfigureAwait(false)).Vol;
        }

        public async Task<IReadOnlyList<StoragePoolInfo>> ListStoragePoolsAsync(uint flags, CancellationToken cancellationToken)
        {
            var r = await CallAsync<ConnectListAllStoragePoolsArgs, ConnectListAllStoragePoolsRet>(RemoteProcedure.ConnectListAllStoragePools,
                new ConnectListAllStoragePoolsArgs { NeedResults = 1, Flags = flags }, cancellationToken).ConfigureAwait(false);
            var infos = r.Pools.Select(p => PoolInfoAsync(p, cancellationToken)).ToList();
            await Task.WhenAll(infos).ConfigureAwait(false);
            return infos.Select(t => t.Result).ToList();
        }

        // GET_INFO, IS_PERSISTENT and GET_AUTOSTART written together
        private async Task<StoragePoolInfo> PoolInfoAsync(RemoteNonnullStoragePool pool, CancellationToken ct)
        {
            var info = CallAsync<StoragePoolArgs, StoragePoolGetInfoRet>(RemoteProcedure.StoragePoolGetInfo, new StoragePoolArgs { Pool = pool }, ct);
            var persistent = CallAsync<StoragePoolArgs, StorageIntRet>(RemoteProcedure.StoragePoolIsPersistent, new StoragePoolArgs { Pool = pool }, ct);
            var autostart = CallAsync<StoragePoolArgs, StorageIntRet>(RemoteProcedure.StoragePoolGetAutostart, new StoragePoolArgs { Pool = pool }, ct);
            await Task.WhenAll(info, persistent, autostart).ConfigureAwait(false);
            var i = info.Result;
            return new StoragePoolInfo(pool.Name, LibvirtUuid.FromBytes(pool.Uuid), (StoragePoolState)i.State, i.Capacity, i.Allocation, i.Available,
                persistent.Result.Value != 0, autostart.Result.Value != 0);
        }

        public async Task<StoragePoolInfo> LookupStoragePoolAsync(string name, CancellationToken cancellationToken) =>
            await PoolInfoAsync(await PoolAsync(name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        public async Task<StoragePoolInfo> LookupStoragePoolByUuidAsync(Guid uuid, CancellationToken cancellationToken)
        {
            var r = await CallAsync<StoragePoolLookupByUuidArgs, StoragePoolRet>(RemoteProcedure.StoragePoolLookupByUuid,
                new StoragePoolLookupByUuidArgs { Uuid = LibvirtUuid.ToBytes(uuid) }, cancellationToken).ConfigureAwait(false);
            return await PoolInfoAsync(r.Pool, cancellationToken).ConfigureAwait(false);
        }

        public async Task<StoragePoolInfo> DefineStoragePoolAsync(string xml, CancellationToken cancellationToken)
        {
            var r = await CallAsync<StoragePoolXmlArgs, StoragePoolRet>(RemoteProcedure.StoragePoolDefineXml,
                new StoragePoolXmlArgs { Xml = xml ?? throw new ArgumentNullException(nameof(xml)) }, cancellationToken).ConfigureAwait(false);
            return await PoolInfoAsync(r.Pool, cancellationToken).ConfigureAwait(false);
        }

        public async Task<StoragePoolInfo> CreateStoragePoolAsync(string xml, uint flags, CancellationToken cancellationToken)
        {
            var r = await CallAsync<StoragePoolXmlArgs, StoragePoolRet>(RemoteProcedure.StoragePoolCreateXml,
                new StoragePoolXmlArgs { Xml = xml ?? throw new ArgumentNullException(nameof(xml)), Flags = flags }, cancellationToken).ConfigureAwait(false);
            return await PoolInfoAsync(r.Pool, cancellationToken).ConfigureAwait(false);
        }

        private async Task PoolCallAsync(RemoteProcedure procedure, string name, uint flags, CancellationToken ct)
        {
            var pool = await PoolAsync(name, ct).ConfigureAwait(false);
            await CallVoidAsync(procedure, new StoragePoolFlagsArgs { Pool = pool, Flags = flags }, ct).ConfigureAwait(false);
        }

        private async Task PoolCallAsync(RemoteProcedure procedure, string name, CancellationToken ct)
        {
            var pool = await PoolAsync(name, ct).ConfigureAwait(false);
            await CallVoidAsync(procedure, new StoragePoolArgs { Pool = pool }, ct).ConfigureAwait(false);
        }

        public Task BuildStoragePoolAsync(string name, uint flags, CancellationToken cancellationToken) =>
            PoolCallAsync(RemoteProcedure.StoragePoolBuild, name, flags, cancellationToken);

        public Task StartStoragePoolAsync(string name, uint flags, CancellationToken cancellationToken) =>
            PoolCallAsync(RemoteProcedure.StoragePoolCreate, name, flags, cancellationToken);

        public Task DestroyStoragePoolAsync(string name, CancellationToken cancellationToken) =>
            PoolCallAsync(RemoteProcedure.StoragePoolDestroy, name, cancellationToken);

        public Task DeleteStoragePoolAsync(string name, uint flags, CancellationToken cancellationToken) =>
            PoolCallAsync(RemoteProcedure.StoragePoolDelete, name, flags, cancellationToken);

        public Task UndefineStoragePoolAsync(string name, CancellationToken cancellationToken) =>
            PoolCallAsync(RemoteProcedure.StoragePoolUndefine, name, cancellationToken);

        public Task RefreshStoragePoolAsync(string name, CancellationToken cancellationToken) =>
            PoolCallAsync(RemoteProcedure.StoragePoolRefresh, name, 0, cancellationToken);

        public async Task SetStoragePoolAutostartAsync(string name, bool autostart, CancellationToken cancellationToken)
        {
            var pool = await PoolAsync(name, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.StoragePoolSetAutostart,
                new StoragePoolSetAutostartArgs { Pool = pool, Autostart = autostart ? 1 : 0 }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<string> GetStoragePoolXmlAsync(string name, bool inactive, CancellationToken cancellationToken)
        {
            var pool = await PoolAsync(name, cancellationToken).ConfigureAwait(false);
            return (await CallAsync<StoragePoolFlagsArgs, StorageXmlRet>(RemoteProcedure.StoragePoolGetXmlDesc,
                new StoragePoolFlagsArgs { Pool = pool, Flags = inactive ? 1u : 0u }, cancellationToken).ConfigureAwait(false)).Xml;
        }

        // ------------------------------------------------------------------ volumes

        public async Task<IReadOnlyList<StorageVolumeInfo>> ListStorageVolumesAsync(string pool, CancellationToken cancellationToken)
        {
            var p = await PoolAsync(pool, cancellationToken).ConfigureAwait(false);
            var r = await CallAsync<StoragePoolListAllVolumesArgs, StoragePoolListAllVolumesRet>(RemoteProcedure.StoragePoolListAllVolumes,
                new StoragePoolListAllVolumesArgs { Pool = p, NeedResults = 1, Flags = 0 }, cancellationToken).ConfigureAwait(false);
            var infos = r.Vols.Select(v => VolInfoAsync(v, cancellationToken)).ToList();
            await Task.WhenAll(infos).ConfigureAwait(false);
            return infos.Select(t => t.Result).ToList();
        }

        // GET_INFO and GET_PATH written together
        private async Task<StorageVolumeInfo> VolInfoAsync(RemoteNonnullStorageVol vol, CancellationToken ct)
        {
            var info = CallAsync<StorageVolArgs, StorageVolGetInfoRet>(RemoteProcedure.StorageVolGetInfo, new StorageVolArgs { Vol = vol }, ct);
            var path = CallAsync<StorageVolArgs, StorageVolGetPathRet>(RemoteProcedure.StorageVolGetPath, new StorageVolArgs { Vol = vol }, ct);
            await Task.WhenAll(info, path).ConfigureAwait(false);
            var i = info.Result;
            return new StorageVolumeInfo(vol.Pool, vol.Name, vol.Key, path.Result.Name, (StorageVolumeType)i.Type, i.Capacity, i.Allocation);
        }

        public async Task<StorageVolumeInfo> LookupStorageVolumeAsync(string pool, string name, CancellationToken cancellationToken) =>
            await VolInfoAsync(await VolAsync(pool, name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        public async Task<StorageVolumeInfo> CreateStorageVolumeAsync(string pool, string xml, uint flags, CancellationToken cancellationToken)
        {
            var p = await PoolAsync(pool, cancellationToken).ConfigureAwait(false);
            var r = await CallAsync<StorageVolCreateXmlArgs, StorageVolRet>(RemoteProcedure.StorageVolCreateXml,
                new StorageVolCreateXmlArgs { Pool = p, Xml = xml ?? throw new ArgumentNullException(nameof(xml)), Flags = flags }, cancellationToken).ConfigureAwait(false);
            return await VolInfoAsync(r.Vol, cancellationToken).ConfigureAwait(false);
        }

        public async Task<StorageVolumeInfo> CloneStorageVolumeAsync(string pool, string xml, string sourcePool, string sourceName, uint flags,
            CancellationToken cancellationToken)
        {
            var p = await PoolAsync(pool, cancellationToken).ConfigureAwait(false);
            var source = await VolAsync(sourcePool, sourceName, cancellationToken).ConfigureAwait(false);
            var r = await CallAsync<StorageVolCreateXmlFromArgs, StorageVolRet>(RemoteProcedure.StorageVolCreateXmlFrom,
                new StorageVolCreateXmlFromArgs { Pool = p, Xml = xml ?? throw new ArgumentNullException(nameof(xml)), CloneVol = source, Flags = flags },
                cancellationToken).ConfigureAwait(false);
            return await VolInfoAsync(r.Vol, cancellationToken).ConfigureAwait(false);
        }

        public async Task DeleteStorageVolumeAsync(string pool, string name, uint flags, CancellationToken cancellationToken)
        {
            var v = await VolAsync(pool, name, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.StorageVolDelete, new StorageVolFlagsArgs { Vol = v, Flags = flags }, cancellationToken).ConfigureAwait(false);
        }

        public async Task WipeStorageVolumeAsync(string pool, string name, CancellationToken cancellationToken)
        {
            var v = await VolAsync(pool, name, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.StorageVolWipe, new StorageVolFlagsArgs { Vol = v, Flags = 0 }, cancellationToken).ConfigureAwait(false);
        }

        public async Task ResizeStorageVolumeAsync(string pool, string name, ulong capacity, uint flags, CancellationToken cancellationToken)
        {
            var v = await VolAsync(pool, name, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.StorageVolResize, new StorageVolResizeArgs { Vol = v, Capacity = capacity, Flags = flags },
                cancellationToken).ConfigureAwait(false);
        }

        public async Task<string> GetStorageVolumeXmlAsync(string pool, string name, CancellationToken cancellationToken)
        {
            var v = await VolAsync(pool, name, cancellationToken).ConfigureAwait(false);
            return (await CallAsync<StorageVolFlagsArgs, StorageXmlRet>(RemoteProcedure.StorageVolGetXmlDesc,
                new StorageVolFlagsArgs { Vol = v, Flags = 0 }, cancellationToken).ConfigureAwait(false)).Xml;
        }

        // ------------------------------------------------------------------ streams

        public Task<IDataStream> UploadStorageVolumeAsync(string pool, string name, ulong offset, ulong length, uint flags,
            CancellationToken cancellationToken) =>
            TransferAsync(RemoteProcedure.StorageVolUpload, pool, name, offset, length, flags, cancellationToken);

        public Task<IDataStream> DownloadStorageVolumeAsync(string pool, string name, ulong offset, ulong length, uint flags,
            CancellationToken cancellationToken) =>
            TransferAsync(RemoteProcedure.StorageVolDownload, pool, name, offset, length, flags, cancellationToken);

        private async Task<IDataStream> TransferAsync(RemoteProcedure procedure, string pool, string name, ulong offset, ulong length, uint flags,
            CancellationToken ct)
        {
            var v = await VolAsync(pool, name, ct).ConfigureAwait(false);
            Trace(procedure + " '" + pool + "/" + name + "' offset " + offset + " length " + length + " flags " + flags + ": opening a stream");
            var (stream, _) = await _rpc.OpenStreamAsync(RemoteProgram.Program, RemoteProgram.Version, (int)procedure,
                new StorageVolTransferArgs { Vol = v, Offset = offset, Length = length, Flags = flags }, ct).ConfigureAwait(false);
            return new RemoteDataStream(stream);
        }

        public async Task<(IDataStream Stream, string? MimeType)> ScreenshotDomainAsync(Guid uuid, uint screen, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            Trace("DOMAIN_SCREENSHOT '" + dom.Name + "' screen " + screen + ": opening a stream");
            var (stream, reply) = await _rpc.OpenStreamAsync(RemoteProgram.Program, RemoteProgram.Version, (int)RemoteProcedure.DomainScreenshot,
                new DomainScreenshotArgs { Dom = dom, Screen = screen, Flags = 0 }, cancellationToken).ConfigureAwait(false);
            var ret = new DomainScreenshotRet();
            try
            {
                var reader = reply.PayloadReader();
                ret.ReadFrom(reader);
                reader.EnsureEnd();
            }
            catch (XdrException)
            {
                await stream.AbortAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                throw;
            }
            return (new RemoteDataStream(stream), ret.Mime);
        }
    }
}
