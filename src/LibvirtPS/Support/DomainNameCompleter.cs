using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Support
{
    /// <summary>Tab completion of domain names from the default connection (one bulk listing, 5 s at most).</summary>
    public sealed class DomainNameCompleter : LibvirtNameCompleter
    {
        protected override IEnumerable<string> ListNames(LibvirtConnection connection, IDictionary fakeBoundParameters, CancellationToken cancellationToken) =>
            connection.Hypervisor.ListDomainsBulkAsync(DomainListFlags.None, cancellationToken).GetAwaiter().GetResult().Select(d => d.Name);
    }
}
