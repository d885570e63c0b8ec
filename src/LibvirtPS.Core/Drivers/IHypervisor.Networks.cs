using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Drivers
{
    // Virtual networks. A network is named by a NetworkInfo (libvirt's virNetworkPtr: name + uuid); the calls act on
    // the network with that name and uuid as libvirt's drivers do ("Network not found" when it has gone).
    public partial interface IHypervisor
    {
        /// <summary>virConnectListAllNetworks with <paramref name="flags"/>, each with its state, in as few round trips as the driver allows.</summary>
        Task<IReadOnlyList<NetworkInfo>> ListNetworksAsync(NetworkListFlags flags, CancellationToken cancellationToken);

        /// <summary>virNetworkLookupByName; <c>NoNetwork</c> error when there is none.</summary>
        Task<NetworkInfo> LookupNetworkByNameAsync(string name, CancellationToken cancellationToken);

        /// <summary>virNetworkLookupByUUID; <c>NoNetwork</c> error when there is none.</summary>
        Task<NetworkInfo> LookupNetworkByUuidAsync(Guid uuid, CancellationToken cancellationToken);

        /// <summary>virNetworkDefineXML: defines (or redefines) a persistent network; returns it as defined.</summary>
        Task<NetworkInfo> DefineNetworkAsync(string xml, CancellationToken cancellationToken);

        /// <summary>virNetworkCreateXML: starts a transient network from its XML.</summary>
        Task<NetworkInfo> CreateNetworkAsync(string xml, CancellationToken cancellationToken);

        /// <summary>virNetworkUndefine: removes the persistent definition (refused while it runs by libvirt's drivers).</summary>
        Task UndefineNetworkAsync(NetworkInfo network, CancellationToken cancellationToken);

        /// <summary>virNetworkCreate: starts a defined network.</summary>
        Task StartNetworkAsync(NetworkInfo network, CancellationToken cancellationToken);

        /// <summary>virNetworkDestroy: stops the network (a transient one disappears).</summary>
        Task DestroyNetworkAsync(NetworkInfo network, CancellationToken cancellationToken);

        /// <summary>virNetworkSetAutostart.</summary>
        Task SetNetworkAutostartAsync(NetworkInfo network, bool autostart, CancellationToken cancellationToken);

        /// <summary>virNetworkGetXMLDesc (VIR_NETWORK_XML_INACTIVE = 1 when <paramref name="inactive"/>).</summary>
        Task<string> GetNetworkXmlAsync(NetworkInfo network, bool inactive, CancellationToken cancellationToken);

        /// <summary>virNetworkGetDHCPLeases, all leases or those of one MAC address.</summary>
        Task<IReadOnlyList<NetworkDhcpLease>> GetNetworkDhcpLeasesAsync(NetworkInfo network, string? mac, CancellationToken cancellationToken);
    }
}
