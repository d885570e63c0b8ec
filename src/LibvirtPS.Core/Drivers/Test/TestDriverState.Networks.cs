using System;
using System.Collections.Generic;
using System.Linq;

namespace LibvirtPS.Core.Drivers.Test
{
    // The node's virtual networks (libvirt's virNetworkObjList), in the order they were added.
    public sealed partial class TestDriverState
    {
        private readonly List<TestNetwork> _networks = new List<TestNetwork>();

        /// <summary>Snapshots of the networks, in the order they were added.</summary>
        public IReadOnlyList<NetworkInfo> GetNetworks()
        {
            lock (SyncRoot) return _networks.Select(n => n.ToInfo()).ToList();
        }

        internal IEnumerable<TestNetwork> NetworksUnlocked => _networks;

        internal TestNetwork? FindNetworkByName(string name)
        {
            lock (SyncRoot) return _networks.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal));
        }

        internal TestNetwork? FindNetworkByUuid(Guid uuid)
        {
            lock (SyncRoot) return _networks.FirstOrDefault(n => n.Uuid == uuid);
        }

        internal void AddNetwork(TestNetwork network)
        {
            lock (SyncRoot) _networks.Add(network);
        }

        internal void RemoveNetwork(TestNetwork network)
        {
            lock (SyncRoot) _networks.Remove(network);
        }
    }
}
