using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Support
{
    /// <summary>Tab completion of snapshot names: the snapshots of -DomainName (or -Domain) on the default connection.</summary>
    public sealed class SnapshotNameCompleter : LibvirtNameCompleter
    {
        /// <summary>-Domain's connection; else the default one, when -DomainName is given.</summary>
        protected override LibvirtConnection? ConnectionFor(IDictionary fakeBoundParameters)
        {
            if (BoundDomain(fakeBoundParameters) is LibvirtDomain d) return d.Connection;
            return fakeBoundParameters["DomainName"] is string ? base.ConnectionFor(fakeBoundParameters) : null;
        }

        protected override IEnumerable<string> ListNames(LibvirtConnection connection, IDictionary fakeBoundParameters, CancellationToken cancellationToken)
        {
            var id = BoundDomain(fakeBoundParameters)?.Uuid
                ?? connection.Hypervisor.LookupDomainByNameAsync((string)fakeBoundParameters["DomainName"]!, cancellationToken).GetAwaiter().GetResult().Uuid;
            return connection.Hypervisor.ListDomainSnapshotsAsync(id, cancellationToken).GetAwaiter().GetResult().Select(s => s.Name);
        }

        private static LibvirtDomain? BoundDomain(IDictionary fakeBoundParameters)
        {
            var bound = fakeBoundParameters["Domain"];
            if (bound is PSObject p) bound = p.BaseObject;
            return bound as LibvirtDomain;
        }
    }
}
