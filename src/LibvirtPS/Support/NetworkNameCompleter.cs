using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Support
{
    /// <summary>Tab completion of network names from the default connection (one bulk listing, 5 s at most).</summary>
    public sealed class NetworkNameCompleter : LibvirtNameCompleter
    {
        protected override IEnumerable<string> ListNames(LibvirtConnection connection, IDictionary fakeBoundParameters, CancellationToken cancellationToken) =>
            connection.Hypervisor.ListNetworksAsync(NetworkListFlags.None, cancellationToken).GetAwaiter().GetResult().Select(n => n.Name);
    }
}
