using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    // Storage pools and volumes as libvirt 9.0's test driver keeps them: pools claim 100 GiB, volumes only count
    // (no files), upload/download/wipe/resize are not implemented by that driver (its "not supported" error).
    public sealed partial class TestHypervisor
    {
        /// <summary>Where libvirt's test driver takes its screenshot image from (PKGDATADIR of a Debian build).</summary>
        public static string ScreenshotFile { get; set; } = "/usr/share/libvirt/test-screenshot.png";

        private const uint ListActive = 2, ListInactive = 1, ListPersistent = 4, ListTransient = 8, ListAutostart = 16, ListNoAutostart = 32;
        private static readonly string[] PoolTypeFlagOrder =
        {
            "dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage", "iscsi-direct",
        };

        public Task<IReadOnlyList<StoragePoolInfo>> ListStoragePoolsAsync(uint flags, CancellationToken cancellationToken) =>
            Run("virConnectListAllStoragePools", cancellationToken, () =>
            {
                if ((flags & ~0xFFFFFu) != 0) throw TestDriverErrors.UnsupportedFlags(flags, "testConnectListAllStoragePools");
                lock (State.SyncRoot)
                {
                    IReadOnlyList<StoragePoolInfo> list = State.PoolsUnlocked.Where(p => PoolMatches(p, flags)).Select(p => p.ToInfo()).ToList();
                    return list;
                }
            });

        private static bool PoolMatches(TestStoragePool p, uint flags)
        {
            bool Group(uint yes, uint no, bool value) => (flags & (yes | no)) == 0 || ((flags & yes) != 0 && value) || ((flags & no) != 0 && !value);
            if (!Group(ListActive, ListInactive, p.Active)) return false;
            if (!Group(ListPersistent, ListTransient, p.Persistent)) return false;
            if (!Group(ListAutostart, ListNoAutostart, p.Autostart)) return false;
            uint typeFlags = flags >> 6;
            if (typeFlags == 0) return true;
            int index = Array.IndexOf(PoolTypeFlagOrder, p.Type);
            return index >= 0 && (typeFlags & (1u << index)) != 0;
        }

        public Task<StoragePoolInfo> LookupStoragePoolAsync(string name, CancellationToken cancellationToken) =>
            Run("virStoragePoolLookupByName", cancellationToken, () =>
            {
                lock (State.SyncRoot) return Pool(name).ToInfo();
            });

        public Task<StoragePoolInfo> LookupStoragePoolByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
            Run("virStoragePoolLookupByUUID", cancellationToken, () =>
            {
                lock (State.SyncRoot) return (State.FindPool(uuid) ?? throw TestStorageErrors.NoPoolByUuid(uuid)).ToInfo();
            });

        private TestStoragePool Pool(string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            return State.FindPool(name) ?? throw TestStorageErrors.NoPoolByName(name);
        }

        private TestStoragePool ActivePool(string name)
        {
            var pool = Pool(name);
            if (!pool.Active) throw TestStorageErrors.PoolNotActive(pool.Name);
            return pool;
        }

        private Task<T> StorageChange<T>(string function, CancellationToken cancellationToken, Func<T> change) =>
            Run(function, cancellationToken, () =>
            {
                if (ReadOnly) throw TestStorageErrors.ReadOnly(function);
                lock (State.SyncRoot) return change();
            });

        public Task<StoragePoolInfo> DefineStoragePoolAsync(string xml, CancellationToken cancellationToken) =>
            StorageChange("virStoragePoolDefineXML", cancellationToken, () =>
            {
                var def = TestNodeXmlLoader.ParsePoolText(xml ?? throw new ArgumentNullException(nameof(xml)));
                var existing = TestStoragePoolConflicts.CheckAdd(State.PoolsUnlocked.ToList(), def, refuseActive: false);
                if (existing != null)
                {
                    existing.AssignDefinition(def);
                    TestDriverState.SetPoolDefaults(existing);
                    existing.Persistent = true;
                    State.RaisePoolEvent(existing.Name, existing.Uuid, LibvirtStoragePoolEventType.Defined);
                    return existing.ToInfo();
                }
                def.Persistent = true;
                State.AddPool(def);
                State.RaisePoolEvent(def.Name, def.Uuid, LibvirtStoragePoolEventType.Defined);
                return def.ToInfo();
            });

        public Task<StoragePoolInfo> CreateStoragePoolAsync(string xml, uint flags, CancellationToken cancellationToken) =>
            StorageChange("virStoragePoolCreateXML", cancellationToken, () =>
            {
                if (flags != 0) throw TestDriverErrors.UnsupportedFlags(flags, "testStoragePoolCreateXML");
                var def = TestNodeXmlLoader.ParsePoolText(xml ?? throw new ArgumentNullException(nameof(xml)));
                var existing = TestStoragePoolConflicts.CheckAdd(State.PoolsUnlocked.ToList(), def, refuseActive: true);
                if (existing != null)
                {
                    existing.AssignDefinition(def);
                    TestDriverState.SetPoolDefaults(existing);
                    // libvirt 9.0's test driver makes an inactive persistent pool transient when it is created over
                    // (virsh pool-info: "Persistent: no"), so its next destroy removes it
                    existing.Active = true;
                    existing.Persistent = false;
                    State.RaisePoolEvent(existing.Name, existing.Uuid, LibvirtStoragePoolEventType.Started);
                    return existing.ToInfo();
                }
                def.Active = true;
                State.AddPool(def);
                State.RaisePoolEvent(def.Name, def.Uuid, LibvirtStoragePoolEventType.Started);
                return def.ToInfo();
            });

        public Task BuildStoragePoolAsync(string name, uint flags, CancellationToken cancellationToken) =>
            StorageChange("virStoragePoolBuild", cancellationToken, () =>
            {
                if (flags != 0) throw TestDriverErrors.UnsupportedFlags(flags, "testStoragePoolBuild");
                var pool = Pool(name);
                if (pool.Active) throw TestStorageErrors.PoolActive(pool.Name);
                State.RaisePoolEvent(pool.Name, pool.Uuid, LibvirtStoragePoolEventType.Created);
                return true;
            });

        public Task StartStoragePoolAsync(string name, uint flags, CancellationToken cancellationToken) =>
            StorageChange("virStoragePoolCreate", cancellationToken, () =>
            {
                if (flags != 0) throw TestDriverErrors.UnsupportedFlags(flags, "testStoragePoolCreate");
                var pool = Pool(name);
                if (pool.Active) throw TestStorageErrors.PoolActive(pool.Name);
                pool.Active = true;
                State.RaisePoolEvent(pool.Name, pool.Uuid, LibvirtStoragePoolEventType.Started);
                return true;
            });

        public Task DestroyStoragePoolAsync(string name, CancellationToken cancellationToken) =>
            StorageChange("virStoragePoolDestroy", cancellationToken, () =>
            {
                var pool = ActivePool(name);
                pool.Active = false;
                if (!pool.Persistent) State.RemovePool(pool);
                State.RaisePoolEvent(pool.Name, pool.Uuid, LibvirtStoragePoolEventType.Stopped);
                return true;
            });

        public Task DeleteStoragePoolAsync(string name, uint flags, CancellationToken cancellationToken) =>
            StorageChange("virStoragePoolDelete", cancellationToken, () =>
            {
                if (flags != 0) throw TestDriverErrors.UnsupportedFlags(flags, "testStoragePoolDelete");
                var pool = Pool(name);
                if (pool.Active) throw TestStorageErrors.PoolActive(pool.Name);
                State.RaisePoolEvent(pool.Name, pool.Uuid, LibvirtStoragePoolEventType.Deleted);
                return true;
            });

        public Task UndefineStoragePoolAsync(string name, CancellationToken cancellationToken) =>
            StorageChange("virStoragePoolUndefine", cancellationToken, () =>
            {
                var pool = Pool(name);
                if (pool.Active) throw TestStorageErrors.PoolActive(pool.Name);
                State.RemovePool(pool);
                State.RaisePoolEvent(pool.Name, pool.Uuid, LibvirtStoragePoolEventType.Undefined);
                return true;
            });

        public Task RefreshStoragePoolAsync(string name, CancellationToken cancellationToken) =>
            StorageChange("virStoragePoolRefresh", cancellationToken, () =>
            {
                var pool = ActivePool(name);
                State.RaisePoolEvent(pool.Name, pool.Uuid, LibvirtStoragePoolEventType.Refresh);
                return true;
            });

        public Task SetStoragePoolAutostartAsync(string name, bool autostart, CancellationToken cancellationToken) =>
            StorageChange("virStoragePoolSetAutostart", cancellationToken, () =>
            {
                var pool = Pool(name);
                if (!pool.Persistent) throw TestStorageErrors.Invalid("cannot set autostart for transient pool");
                pool.Autostart = autostart;
                return true;
            });

        public Task<string> GetStoragePoolXmlAsync(string name, bool inactive, CancellationToken cancellationToken) =>
            Run("virStoragePoolGetXMLDesc", cancellationToken, () =>
            {
                if (inactive) throw TestDriverErrors.UnsupportedFlags(1, "testStoragePoolGetXMLDesc");
                lock (State.SyncRoot) return TestNodeXmlLoader.FormatPool(Pool(name));
            });

        // ------------------------------------------------------------------ volumes

        public Task<IReadOnlyList<StorageVolumeInfo>> ListStorageVolumesAsync(string pool, CancellationToken cancellationToken) =>
            Run("virStoragePoolListAllVolumes", cancellationToken, () =>
            {
                lock (State.SyncRoot)
                {
                    var p = Pool(pool);
                    if (!p.Active) throw TestStorageErrors.Invalid("storage pool is not active");
                    IReadOnlyList<StorageVolumeInfo> list = p.Volumes.Select(v => v.ToInfo(p.Name)).ToList();
                    return list;
                }
            });

        private TestStorageVolume Volume(TestStoragePool pool, string name) =>
            pool.FindVolume(name ?? throw new ArgumentNullException(nameof(name))) ?? throw TestStorageErrors.NoVolume(name);

        public Task<StorageVolumeInfo> LookupStorageVolumeAsync(string pool, string name, CancellationToken cancellationToken) =>
            Run("virStorageVolLookupByName", cancellationToken, () =>
            {
                lock (State.SyncRoot)
                {
                    var p = ActivePool(pool);
                    return Volume(p, name).ToInfo(p.Name);
                }
            });

        public Task<StorageVolumeInfo> CreateStorageVolumeAsync(string pool, string xml, uint flags, CancellationToken cancellationToken) =>
            StorageChange("virStorageVolCreateXML", cancellationToken, () =>
            {
                if (flags != 0) throw TestDriverErrors.UnsupportedFlags(flags, "testStorageVolCreateXML");
                var p = ActivePool(pool);
                return AddNewVolume(p, xml).ToInfo(p.Name);
            });

        private static TestStorageVolume AddNewVolume(TestStoragePool p, string xml)
        {
            var volume = TestNodeXmlLoader.ParseVolumeText(xml ?? throw new ArgumentNullException(nameof(xml)), p);
            if (p.FindVolume(volume.Name) != null)
                throw TestDriverErrors.OperationFailed(LibvirtErrorDomain.Test, "storage vol already exists");
            if (p.Allocation + volume.Allocation > p.Capacity)
                throw TestDriverErrors.InternalError(LibvirtErrorDomain.Test, "Not enough free space in pool for volume '" + volume.Name + "'");
            TestNodeXmlLoader.AddVolume(p, volume);
            return volume;
        }

        public Task<StorageVolumeInfo> CloneStorageVolumeAsync(string pool, string xml, string sourcePool, string sourceName, uint flags,
            CancellationToken cancellationToken) =>
            StorageChange("virStorageVolCreateXMLFrom", cancellationToken, () =>
            {
                if (flags != 0) throw TestDriverErrors.UnsupportedFlags(flags, "testStorageVolCreateXMLFrom");
                var p = ActivePool(pool);
                var sp = ActivePool(sourcePool);
                Volume(sp, sourceName);
                return AddNewVolume(p, xml).ToInfo(p.Name);
            });

        public Task DeleteStorageVolumeAsync(string pool, string name, uint flags, CancellationToken cancellationToken) =>
            StorageChange("virStorageVolDelete", cancellationToken, () =>
            {
                if (flags != 0) throw TestDriverErrors.UnsupportedFlags(flags, "testStorageVolDelete");
                var p = ActivePool(pool);
                var v = Volume(p, name);
                p.Allocation -= v.Allocation;
                p.Available = p.Capacity - p.Allocation;
                p.Volumes.Remove(v);
                return true;
            });

        public Task WipeStorageVolumeAsync(string pool, string name, CancellationToken cancellationToken) =>
            Unsupported<bool>("virStorageVolWipe", pool, name, cancellationToken);

        public Task ResizeStorageVolumeAsync(string pool, string name, ulong capacity, uint flags, CancellationToken cancellationToken) =>
            Unsupported<bool>("virStorageVolResize", pool, name, cancellationToken);

        public Task<string> GetStorageVolumeXmlAsync(string pool, string name, CancellationToken cancellationToken) =>
            Run("virStorageVolGetXMLDesc", cancellationToken, () =>
            {
                lock (State.SyncRoot) return TestNodeXmlLoader.FormatVolume(Volume(ActivePool(pool), name));
            });

        public Task<IDataStream> UploadStorageVolumeAsync(string pool, string name, ulong offset, ulong length, uint flags,
            CancellationToken cancellationToken) =>
            Unsupported<IDataStream>("virStorageVolUpload", pool, name, cancellationToken);

        public Task<IDataStream> DownloadStorageVolumeAsync(string pool, string name, ulong offset, ulong length, uint flags,
            CancellationToken cancellationToken) =>
            Unsupported<IDataStream>("virStorageVolDownload", pool, name, cancellationToken);

        // the lookup happens first (as over RPC), then the driver has no entry point
        private Task<T> Unsupported<T>(string function, string pool, string name, CancellationToken cancellationToken) =>
            Run<T>(function, cancellationToken, () =>
            {
                lock (State.SyncRoot) Volume(ActivePool(pool), name);
                if (ReadOnly && function != "virStorageVolDownload") throw TestStorageErrors.ReadOnly(function);
                throw TestStorageErrors.NoSupport(function);
            });

        /// <summary>testDomainScreenshot: any screen of any domain, running or not, is libvirt's test PNG.</summary>
        public Task<(IDataStream Stream, string? MimeType)> ScreenshotDomainAsync(Guid uuid, uint screen, CancellationToken cancellationToken) =>
            Run("virDomainScreenshot", cancellationToken, () =>
            {
                lock (State.SyncRoot)
                {
                    if (State.FindByUuid(uuid) == null) throw TestDriverErrors.NoDomain();
                }
                Stream file;
                try
                {
                    file = new FileStream(ScreenshotFile, FileMode.Open, FileAccess.Read, FileShare.Read);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    var reason = e is FileNotFoundException || e is DirectoryNotFoundException ? "No such file or directory" : e.Message;
                    throw new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Streams,
                        "Unable to open stream for '" + ScreenshotFile + "': " + reason);
                }
                return ((IDataStream)new TestDataStream(file), (string?)"image/png");
            });
    }
}
