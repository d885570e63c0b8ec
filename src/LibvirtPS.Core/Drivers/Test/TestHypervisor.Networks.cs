using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    // Virtual networks as libvirt 9.0's test driver serves them (testNetwork* in test_driver.c): operations find the
    // network by name; errors have libvirt's code, domain and text (checked against libvirtd's test driver).
    public sealed partial class TestHypervisor
    {
        private const NetworkListFlags KnownNetworkListFlags = (NetworkListFlags)0x3F;

        public Task<IReadOnlyList<NetworkInfo>> ListNetworksAsync(NetworkListFlags flags, CancellationToken cancellationToken) =>
            Run("virConnectListAllNetworks", cancellationToken, () =>
            {
                if ((flags & ~KnownNetworkListFlags) != 0)
                    throw TestDriverErrors.UnsupportedFlags((uint)flags, "testConnectListAllNetworks");
                lock (State.SyncRoot)
                {
                    IReadOnlyList<NetworkInfo> list = State.NetworksUnlocked.Where(n => MatchesNetwork(n, flags)).Select(n => n.ToInfo()).ToList();
                    return list;
                }
            });

        public Task<NetworkInfo> LookupNetworkByNameAsync(string name, CancellationToken cancellationToken) =>
            Run("virNetworkLookupByName", cancellationToken, () =>
            {
                if (name == null) throw NetworkNullArg("name", "virNetworkLookupByName");
                lock (State.SyncRoot) return FindNetworkByName(name).ToInfo();
            });

        public Task<NetworkInfo> LookupNetworkByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
            Run("virNetworkLookupByUUID", cancellationToken, () =>
            {
                lock (State.SyncRoot)
                {
                    var n = State.FindNetworkByUuid(uuid);
                    if (n == null) throw NoNetwork("no network with matching uuid '" + TestDriverErrors.Uuid(uuid) + "'");
                    return n.ToInfo();
                }
            });

        /// <summary>testNetworkDefineXMLFlags: parse, then virNetworkObjAssignDef (a new network is inactive and persistent).</summary>
        public Task<NetworkInfo> DefineNetworkAsync(string xml, CancellationToken cancellationToken) =>
            Run("virNetworkDefineXML", cancellationToken, () =>
            {
                if (xml == null) throw NetworkNullArg("xml", "virNetworkDefineXML");
                if (ReadOnly) throw NetworkReadOnly("virNetworkDefineXML");
                var def = TestNodeXmlLoader.ParseNetworkText(xml);
                NetworkInfo defined;
                lock (State.SyncRoot) defined = TestNetworks.AssignDefinition(State, def, live: false).ToInfo();
                State.RaiseNetworkEvent(defined.Name, defined.Uuid, LibvirtNetworkEventType.Defined);
                return defined;
            });

        /// <summary>testNetworkCreateXMLFlags: parse, assign as live (refused when that network runs), start it.</summary>
        public Task<NetworkInfo> CreateNetworkAsync(string xml, CancellationToken cancellationToken) =>
            Run("virNetworkCreateXML", cancellationToken, () =>
            {
                if (xml == null) throw NetworkNullArg("xmlDesc", "virNetworkCreateXML");
                if (ReadOnly) throw NetworkReadOnly("virNetworkCreateXML");
                var def = TestNodeXmlLoader.ParseNetworkText(xml);
                lock (State.SyncRoot)
                {
                    var n = TestNetworks.AssignDefinition(State, def, live: true);
                    n.Active = true;
                    var created = n.ToInfo();
                    State.RaiseNetworkEvent(created.Name, created.Uuid, LibvirtNetworkEventType.Started);
                    return created;
                }
            });

        /// <summary>testNetworkUndefine: refused while the network runs ("Network 'x' is still running").</summary>
        public Task UndefineNetworkAsync(NetworkInfo network, CancellationToken cancellationToken) =>
            ChangeNetwork("virNetworkUndefine", network, cancellationToken, n =>
            {
                if (n.Active) throw NetworkOperationInvalid("Network '" + network.Name + "' is still running");
                State.RemoveNetwork(n);
                State.RaiseNetworkEvent(n.Name, n.Uuid, LibvirtNetworkEventType.Undefined);
            });

        /// <summary>testNetworkCreate: refused when it runs ("Network 'x' is already running").</summary>
        public Task StartNetworkAsync(NetworkInfo network, CancellationToken cancellationToken) =>
            ChangeNetwork("virNetworkCreate", network, cancellationToken, n =>
            {
                if (n.Active) throw NetworkOperationInvalid("Network '" + network.Name + "' is already running");
                n.Active = true;
                State.RaiseNetworkEvent(n.Name, n.Uuid, LibvirtNetworkEventType.Started);
            });

        /// <summary>testNetworkDestroy: marks it inactive (libvirt 9.0 does not check that it ran); a transient one disappears.</summary>
        public Task DestroyNetworkAsync(NetworkInfo network, CancellationToken cancellationToken) =>
            ChangeNetwork("virNetworkDestroy", network, cancellationToken, n =>
            {
                // libvirt 9.0's test driver never swaps in a definition given while the network ran (newDef): the
                // live one stays in force, shown by GetXMLDesc and used by the next start
                n.Active = false;
                if (!n.Persistent) State.RemoveNetwork(n);
                State.RaiseNetworkEvent(n.Name, n.Uuid, LibvirtNetworkEventType.Stopped);
            });

        /// <summary>testNetworkSetAutostart (accepted for transient networks too, as libvirt 9.0's test driver does).</summary>
        public Task SetNetworkAutostartAsync(NetworkInfo network, bool autostart, CancellationToken cancellationToken) =>
            ChangeNetwork("virNetworkSetAutostart", network, cancellationToken, n => n.Autostart = autostart);

        /// <summary>testNetworkGetXMLDesc accepts no flags: INACTIVE is "unsupported flags (0x1)".</summary>
        public Task<string> GetNetworkXmlAsync(NetworkInfo network, bool inactive, CancellationToken cancellationToken) =>
            Run("virNetworkGetXMLDesc", cancellationToken, () =>
            {
                if (network == null) throw new ArgumentNullException(nameof(network));
                if (inactive) throw TestDriverErrors.UnsupportedFlags(1, "testNetworkGetXMLDesc");
                lock (State.SyncRoot) return FindNetworkByName(network.Name).Xml;
            });

        /// <summary>The test driver has no virNetworkGetDHCPLeases.</summary>
        public Task<IReadOnlyList<NetworkDhcpLease>> GetNetworkDhcpLeasesAsync(NetworkInfo network, string? mac, CancellationToken cancellationToken) =>
            Run<IReadOnlyList<NetworkDhcpLease>>("virNetworkGetDHCPLeases", cancellationToken, () =>
                throw NotSupported(LibvirtErrorDomain.Network, "virNetworkGetDHCPLeases"));

        // ------------------------------------------------------------------ helpers

        private TestNetwork FindNetworkByName(string name) =>
            State.FindNetworkByName(name) ?? throw NoNetwork("no network with matching name '" + name + "'");

        private Task ChangeNetwork(string function, NetworkInfo network, CancellationToken cancellationToken, Action<TestNetwork> change) =>
            Run(function, cancellationToken, () =>
            {
                if (network == null) throw new ArgumentNullException(nameof(network));
                if (ReadOnly) throw NetworkReadOnly(function);
                lock (State.SyncRoot) change(FindNetworkByName(network.Name));
                return true;
            });

        /// <summary>virNetworkObjListExport's filter for virConnectListAllNetworks.</summary>
        internal static bool MatchesNetwork(TestNetwork n, NetworkListFlags flags)
        {
            bool Group(NetworkListFlags yes, NetworkListFlags no, bool value) =>
                (flags & (yes | no)) == 0 || ((flags & yes) != 0 && value) || ((flags & no) != 0 && !value);
            return Group(NetworkListFlags.Active, NetworkListFlags.Inactive, n.Active) &&
                   Group(NetworkListFlags.Persistent, NetworkListFlags.Transient, n.Persistent) &&
                   Group(NetworkListFlags.Autostart, NetworkListFlags.NoAutostart, n.Autostart);
        }

        private static LibvirtException NoNetwork(string detail) =>
            TestDriverErrors.Make(LibvirtErrorCode.NoNetwork, LibvirtErrorDomain.Test, "Network not found: " + detail, detail);

        private static LibvirtException NetworkOperationInvalid(string detail) =>
            TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test, "Requested operation is not valid: " + detail, detail);

        private static LibvirtException NetworkNullArg(string argument, string function) =>
            TestDriverErrors.Make(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Network, argument + " in " + function + " must not be NULL", null);

        private static LibvirtException NetworkReadOnly(string function)
        {
            var detail = "read only access prevents " + function;
            return TestDriverErrors.Make(LibvirtErrorCode.OperationDenied, LibvirtErrorDomain.Network, "operation forbidden: " + detail, detail);
        }

        /// <summary>virReportUnsupportedError: the driver lacks the API.</summary>
        internal static LibvirtException NotSupported(LibvirtErrorDomain domain, string function) =>
            TestDriverErrors.Make(LibvirtErrorCode.NoSupport, domain, "this function is not supported by the connection driver: " + function, function);
    }
}
