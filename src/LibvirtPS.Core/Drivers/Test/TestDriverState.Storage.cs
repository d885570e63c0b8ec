using System;
using System.Collections.Generic;
using System.Linq;

namespace LibvirtPS.Core.Drivers.Test
{
    // The storage pools of a test node, in definition order (under SyncRoot like the domains).
    public sealed partial class TestDriverState
    {
        /// <summary>testStoragePoolObjSetDefaults: every test pool claims 100 GiB with nothing allocated.</summary>
        internal const ulong DefaultPoolCapacity = 100UL * 1024 * 1024 * 1024;

        private readonly List<TestStoragePool> _pools = new List<TestStoragePool>();

        /// <summary>Snapshot of the pools (names and state as now).</summary>
        public IReadOnlyList<StoragePoolInfo> GetStoragePools()
        {
            lock (SyncRoot) return _pools.Select(p => p.ToInfo()).ToList();
        }

        internal IEnumerable<TestStoragePool> PoolsUnlocked => _pools;

        internal TestStoragePool? FindPool(string name)
        {
            lock (SyncRoot) return _pools.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
        }

        internal TestStoragePool? FindPool(Guid uuid)
        {
            lock (SyncRoot) return _pools.FirstOrDefault(p => p.Uuid == uuid);
        }

        internal void AddPool(TestStoragePool pool)
        {
            lock (SyncRoot)
            {
                SetPoolDefaults(pool);
                _pools.Add(pool);
            }
        }

        /// <summary>
        /// testStoragePoolObjSetDefaults, which the test driver runs after every define, create and node-file pool,
        /// also over an existing pool: its sizes start again at 100 GiB free, whatever volumes it keeps.
        /// </summary>
        internal static void SetPoolDefaults(TestStoragePool pool)
        {
            pool.Capacity = DefaultPoolCapacity;
            pool.Allocation = 0;
            pool.Available = DefaultPoolCapacity;
        }

        internal void RemovePool(TestStoragePool pool)
        {
            lock (SyncRoot) _pools.Remove(pool);
        }

        /// <summary>testOpenDefault's pool: <c>default-pool</c>, a running persistent dir pool at /default-pool.</summary>
        internal void AddDefaultPool()
        {
            var pool = new TestStoragePool("default-pool", new Guid("dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"), "dir", "/default-pool")
            {
                Active = true,
                Persistent = true,
            };
            AddPool(pool);
        }
    }
}
