using System;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>libvirt's virNetworkObjAssignDef for the embedded driver (callers hold the state's lock).</summary>
    internal static class TestNetworks
    {
        /// <remarks><c>live</c>: VIR_NETWORK_OBJ_LIST_ADD_LIVE | CHECK_LIVE (virNetworkCreateXML), refused when the network runs.</remarks>
        internal static TestNetwork AssignDefinition(TestDriverState state, TestNetworkDefinition def, bool live)
        {
            var existing = state.FindNetworkByUuid(def.Uuid);
            if (existing != null)
            {
                if (!string.Equals(existing.Name, def.Name, StringComparison.Ordinal))
                    throw OperationFailed("network '" + existing.Name + "' is already defined with uuid " + TestDriverErrors.Uuid(existing.Uuid));
                if (live)
                {
                    if (existing.Active)
                        throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Network,
                            "Requested operation is not valid: network is already active as '" + existing.Name + "'",
                            "network is already active as '" + existing.Name + "'");
                    existing.Definition = def; // the test driver keeps it after the network stops (verified with virsh)
                }
                else if (existing.Active)
                {
                    // libvirt stores it as the next definition, which the test driver never applies: the running
                    // definition stays in force (verified with virsh net-define / net-destroy / net-dumpxml)
                    existing.Persistent = true;
                }
                else
                {
                    existing.Definition = def;
                    existing.Persistent = true;
                }
                return existing;
            }
            var byName = state.FindNetworkByName(def.Name);
            if (byName != null)
                throw OperationFailed("network '" + def.Name + "' already exists with uuid " + TestDriverErrors.Uuid(byName.Uuid));
            var network = new TestNetwork(def) { Persistent = !live };
            state.AddNetwork(network);
            return network;
        }

        private static LibvirtException OperationFailed(string detail) =>
            TestDriverErrors.OperationFailed(LibvirtErrorDomain.Network, detail);
    }
}
