using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Drivers.Remote
{
    // Virtual networks over the REMOTE program. Calls name the network by remote_nonnull_network (name + uuid), as
    // libvirt's client does with its virNetworkPtr: no extra lookup before an operation.
    public sealed partial class RemoteHypervisor
    {
        private static RemoteNonnullNetwork NetworkRef(NetworkInfo network)
        {
            if (network == null) throw new ArgumentNullException(nameof(network));
            return new RemoteNonnullNetwork { Name = network.Name, Uuid = LibvirtUuid.ToBytes(network.Uuid) };
        }

        public async Task<IReadOnlyList<NetworkInfo>> ListNetworksAsync(NetworkListFlags flags, CancellationToken cancellationToken)
        {
            // CONNECT_LIST_ALL_NETWORKS four times in one round trip: the wanted list, and the active, persistent and
            // autostart subsets that give every network's state. Bridge names follow in one batch.
            var all = ListAllNetworksAsync(flags, cancellationToken);
            var active = ListAllNetworksAsync(NetworkListFlags.Active, cancellationToken);
            var persistent = ListAllNetworksAsync(NetworkListFlags.Persistent, cancellationToken);
            var autostart = ListAllNetworksAsync(NetworkListFlags.Autostart, cancellationToken);
            await Task.WhenAll(all, active, persistent, autostart).ConfigureAwait(false);

            var nets = all.Result;
            var activeSet = new HashSet<Guid>(active.Result.Select(n => LibvirtUuid.FromBytes(n.Uuid)));
            var persistentSet = new HashSet<Guid>(persistent.Result.Select(n => LibvirtUuid.FromBytes(n.Uuid)));
            var autostartSet = new HashSet<Guid>(autostart.Result.Select(n => LibvirtUuid.FromBytes(n.Uuid)));

            var result = new List<NetworkInfo>(nets.Length);
            if (nets.Length == 0) return result;
            var bridges = await _rpc.CallManyAsync<NetworkGetBridgeNameArgs, NetworkGetBridgeNameRet>(RemoteProgram.Program, RemoteProgram.Version,
                (int)RemoteProcedure.NetworkGetBridgeName, nets.Select(n => new NetworkGetBridgeNameArgs { Net = n }).ToList(),
                cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < nets.Length; i++)
            {
                var r = bridges[i];
                // a network undefined between the list and this call is left out
                if (r.Error != null && r.Error.Code == LibvirtErrorCode.NoNetwork) continue;
                if (r.Error != null && r.Error.Code != LibvirtErrorCode.InternalError) throw r.Error;
                var uuid = LibvirtUuid.FromBytes(nets[i].Uuid);
                result.Add(new NetworkInfo(nets[i].Name, uuid, activeSet.Contains(uuid), persistentSet.Contains(uuid),
                    autostartSet.Contains(uuid), r.Value?.Name));
            }
            return result;
        }

        private async Task<RemoteNonnullNetwork[]> ListAllNetworksAsync(NetworkListFlags flags, CancellationToken ct)
        {
            var r = await CallAsync<ConnectListAllNetworksArgs, ConnectListAllNetworksRet>(RemoteProcedure.ConnectListAllNetworks,
                new ConnectListAllNetworksArgs { NeedResults = 1, Flags = (uint)flags }, ct).ConfigureAwait(false);
            return r.Nets;
        }

        public Task<NetworkInfo> LookupNetworkByNameAsync(string name, CancellationToken cancellationToken)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            return NetworkStateAsync(CallAsync<NetworkLookupByNameArgs, NetworkLookupByNameRet>(RemoteProcedure.NetworkLookupByName,
                new NetworkLookupByNameArgs { Name = name }, cancellationToken), cancellationToken);
        }

        public Task<NetworkInfo> LookupNetworkByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
            NetworkStateAsync(CallAsync<NetworkLookupByUuidArgs, NetworkLookupByUuidRet>(RemoteProcedure.NetworkLookupByUuid,
                new NetworkLookupByUuidArgs { Uuid = LibvirtUuid.ToBytes(uuid) }, cancellationToken), cancellationToken);

        // The network's state: IS_ACTIVE, IS_PERSISTENT, GET_AUTOSTART and GET_BRIDGE_NAME pipelined (one round trip).
        private async Task<NetworkInfo> NetworkStateAsync<TRet>(Task<TRet> lookup, CancellationToken ct) where TRet : INetworkRet
        {
            var net = (await lookup.ConfigureAwait(false)).Net;
            var active = CallAsync<NetworkIsActiveArgs, NetworkIsActiveRet>(RemoteProcedure.NetworkIsActive, new NetworkIsActiveArgs { Net = net }, ct);
            var persistent = CallAsync<NetworkIsPersistentArgs, NetworkIsPersistentRet>(RemoteProcedure.NetworkIsPersistent, new NetworkIsPersistentArgs { Net = net }, ct);
            var autostart = CallAsync<NetworkGetAutostartArgs, NetworkGetAutostartRet>(RemoteProcedure.NetworkGetAutostart, new NetworkGetAutostartArgs { Net = net }, ct);
            var bridge = BridgeNameAsync(net, ct);
            await Task.WhenAll(active, persistent, autostart, bridge).ConfigureAwait(false);
            return new NetworkInfo(net.Name, LibvirtUuid.FromBytes(net.Uuid), active.Result.Active != 0, persistent.Result.Persistent != 0,
                autostart.Result.Autostart != 0, bridge.Result);
        }

        // libvirt reports a network without a bridge as an internal error ("network 'x' does not have a bridge name.")
        private async Task<string?> BridgeNameAsync(RemoteNonnullNetwork net, CancellationToken ct)
        {
            try
            {
                return (await CallAsync<NetworkGetBridgeNameArgs, NetworkGetBridgeNameRet>(RemoteProcedure.NetworkGetBridgeName,
                    new NetworkGetBridgeNameArgs { Net = net }, ct).ConfigureAwait(false)).Name;
            }
            catch (LibvirtException e) when (e.FromServer && e.Code == LibvirtErrorCode.InternalError)
            {
                return null;
            }
        }

        public Task<NetworkInfo> DefineNetworkAsync(string xml, CancellationToken cancellationToken)
        {
            if (xml == null) throw new ArgumentNullException(nameof(xml));
            return NetworkStateAsync(CallAsync<NetworkDefineXmlArgs, NetworkDefineXmlRet>(RemoteProcedure.NetworkDefineXml,
                new NetworkDefineXmlArgs { Xml = xml }, cancellationToken), cancellationToken);
        }

        public Task<NetworkInfo> CreateNetworkAsync(string xml, CancellationToken cancellationToken)
        {
            if (xml == null) throw new ArgumentNullException(nameof(xml));
            return NetworkStateAsync(CallAsync<NetworkCreateXmlArgs, NetworkCreateXmlRet>(RemoteProcedure.NetworkCreateXml,
                new NetworkCreateXmlArgs { Xml = xml }, cancellationToken), cancellationToken);
        }

        public Task UndefineNetworkAsync(NetworkInfo network, CancellationToken cancellationToken) =>
            CallVoidAsync(RemoteProcedure.NetworkUndefine, new NetworkUndefineArgs { Net = NetworkRef(network) }, cancellationToken);

        public Task StartNetworkAsync(NetworkInfo network, CancellationToken cancellationToken) =>
            CallVoidAsync(RemoteProcedure.NetworkCreate, new NetworkCreateArgs { Net = NetworkRef(network) }, cancellationToken);

        public Task DestroyNetworkAsync(NetworkInfo network, CancellationToken cancellationToken) =>
            CallVoidAsync(RemoteProcedure.NetworkDestroy, new NetworkDestroyArgs { Net = NetworkRef(network) }, cancellationToken);

        public Task SetNetworkAutostartAsync(NetworkInfo network, bool autostart, CancellationToken cancellationToken) =>
            CallVoidAsync(RemoteProcedure.NetworkSetAutostart,
                new NetworkSetAutostartArgs { Net = NetworkRef(network), Autostart = autostart ? 1 : 0 }, cancellationToken);

        public async Task<string> GetNetworkXmlAsync(NetworkInfo network, bool inactive, CancellationToken cancellationToken)
        {
            var r = await CallAsync<NetworkGetXmlDescArgs, NetworkGetXmlDescRet>(RemoteProcedure.NetworkGetXmlDesc,
                new NetworkGetXmlDescArgs { Net = NetworkRef(network), Flags = inactive ? 1u : 0u }, cancellationToken).ConfigureAwait(false);
            return r.Xml;
        }

        public async Task<IReadOnlyList<NetworkDhcpLease>> GetNetworkDhcpLeasesAsync(NetworkInfo network, string? mac, CancellationToken cancellationToken)
        {
            var r = await CallAsync<NetworkGetDhcpLeasesArgs, NetworkGetDhcpLeasesRet>(RemoteProcedure.NetworkGetDhcpLeases,
                NetworkDhcpLeases.Request(NetworkRef(network), mac), cancellationToken).ConfigureAwait(false);
            return NetworkDhcpLeases.FromReply(network.Name, r);
        }
    }

    /// <summary>NETWORK_GET_DHCP_LEASES as libvirt's client sends it (need_results 1, flags 0) and its reply as leases.</summary>
    public static class NetworkDhcpLeases
    {
        public static NetworkGetDhcpLeasesArgs Request(RemoteNonnullNetwork net, string? mac) =>
            new NetworkGetDhcpLeasesArgs { Net = net, Mac = mac, NeedResults = 1, Flags = 0 };

        public static IReadOnlyList<NetworkDhcpLease> FromReply(string network, NetworkGetDhcpLeasesRet ret) =>
            ret.Leases.Select(l => new NetworkDhcpLease(network, l.Iface, l.ExpiryTime, (NetworkIpAddressType)l.Type, l.Mac, l.Iaid,
                l.IpAddr, l.Prefix, l.Hostname, l.ClientId)).ToList();
    }
}
