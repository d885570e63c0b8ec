using System.Collections.Generic;
using System.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// virStoragePoolObjListAdd's checks before a pool definition joins the list (define, create, a node file's
    /// pools), in libvirt 9.0's order: first a source conflict with another pool (virStoragePoolObjSourceFindDuplicate),
    /// then the name and uuid duplicates (virStoragePoolObjIsDuplicate). All are errors of the storage domain.
    /// </summary>
    internal static class TestStoragePoolConflicts
    {
        /// <summary>The pool with the same name and uuid that the definition updates, or null for a new pool.</summary>
        internal static TestStoragePool? CheckAdd(IReadOnlyCollection<TestStoragePool> pools, TestStoragePool def, bool refuseActive)
        {
            var conflict = pools.FirstOrDefault(p => SameSource(p, def));
            if (conflict != null)
                throw TestDriverErrors.OperationFailed(LibvirtErrorDomain.Storage, "Storage source conflict with pool: '" + conflict.Name + "'");

            var byUuid = pools.FirstOrDefault(p => p.Uuid == def.Uuid);
            if (byUuid != null)
            {
                if (byUuid.Name != def.Name)
                    throw TestDriverErrors.OperationFailed(LibvirtErrorDomain.Storage, "pool '" + byUuid.Name + "' is already defined with uuid " + byUuid.Uuid.ToString("D"));
                if (refuseActive && byUuid.Active)
                {
                    // VIR_ERR_OPERATION_INVALID, unlike the others (python-libvirt on 9.0: code 55, domain storage)
                    var detail = "pool is already active as '" + byUuid.Name + "'";
                    throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Storage, "Requested operation is not valid: " + detail, detail);
                }
                return byUuid;
            }
            var byName = pools.FirstOrDefault(p => p.Name == def.Name);
            if (byName != null)
                throw TestDriverErrors.OperationFailed(LibvirtErrorDomain.Storage, "pool '" + def.Name + "' already exists with uuid " + byName.Uuid.ToString("D"));
            return null;
        }

        // virStoragePoolObjSourceFindDuplicateCb: does pool use the storage def asks for? A pool of the same name is
        // the one being redefined, never a conflict.
        private static bool SameSource(TestStoragePool pool, TestStoragePool def)
        {
            if (pool.Name == def.Name) return false;
            var have = pool.Source;
            var want = def.Source;
            switch (pool.Type)
            {
                case "dir":
                    return def.Type == "dir" && pool.TargetPath == def.TargetPath;
                case "netfs":
                    return def.Type == "netfs" && have.Dir == want.Dir && SingleHostMatches(have, want);
                case "gluster":
                    return def.Type == "gluster" && have.Name == want.Name && have.Dir == want.Dir && SingleHostMatches(have, want);
                case "iscsi":
                    // an iSCSI pool only conflicts with another iSCSI pool: a shared device and the same initiator
                    return def.Type == "iscsi" && SharesDevice(have, want) && have.InitiatorIqn == want.InitiatorIqn;
                case "fs":
                case "logical":
                case "disk":
                case "zfs":
                    // the block-device pools conflict across their types over any shared source device
                    return (def.Type == "fs" || def.Type == "logical" || def.Type == "disk" || def.Type == "zfs") && SharesDevice(have, want);
                case "scsi":
                    return def.Type == "scsi" && have.Adapter.SameHostAs(want.Adapter);
                case "sheepdog":
                    return def.Type == "sheepdog" && SingleHostMatches(have, want);
                case "mpath":
                    // only one multipath pool per host
                    return def.Type == "mpath";
                case "vstorage":
                    return def.Type == "vstorage" && have.Name == want.Name;
                default:
                    // rbd and iscsi-direct: libvirt never sees a conflict
                    return false;
            }
        }

        private static bool SharesDevice(TestStoragePoolSource a, TestStoragePoolSource b) => a.Devices.Any(d => b.Devices.Any(e => e.Path == d.Path));

        // virStoragePoolSourceMatchSingleHost: the first hosts' names, and their ports when the new pool gives one
        private static bool SingleHostMatches(TestStoragePoolSource have, TestStoragePoolSource want)
        {
            if (have.Hosts.Count != 1 && want.Hosts.Count != 1) return false;
            if (want.Hosts[0].Port != 0 && have.Hosts[0].Port != want.Hosts[0].Port) return false;
            return have.Hosts[0].Name == want.Hosts[0].Name;
        }
    }
}
