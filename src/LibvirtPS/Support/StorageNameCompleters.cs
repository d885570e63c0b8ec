using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Support
{
    /// <summary>Tab completion of storage pool names from the default connection (one bulk listing, 5 s at most).</summary>
    public sealed class StoragePoolNameCompleter : LibvirtNameCompleter
    {
        protected override IEnumerable<string> ListNames(LibvirtConnection connection, IDictionary fakeBoundParameters, CancellationToken cancellationToken) =>
            connection.Hypervisor.ListStoragePoolsAsync(0, cancellationToken).GetAwaiter().GetResult().Select(p => p.Name);
    }

    /// <summary>Tab completion of volume names of the pool given with -Pool (or of every active pool).</summary>
    public sealed class StorageVolumeNameCompleter : LibvirtNameCompleter
    {
        protected override IEnumerable<string> ListNames(LibvirtConnection connection, IDictionary fakeBoundParameters, CancellationToken cancellationToken)
        {
            var pools = fakeBoundParameters?["Pool"] switch
            {
                string s => new[] { s },
                string[] a => a,
                object[] o => o.Select(x => x?.ToString() ?? "").ToArray(),
                _ => null,
            };
            var names = pools ?? connection.Hypervisor.ListStoragePoolsAsync(2, cancellationToken).GetAwaiter().GetResult().Select(p => p.Name).ToArray();
            var result = new List<string>();
            foreach (var p in names)
            {
                try { result.AddRange(connection.Hypervisor.ListStorageVolumesAsync(p, cancellationToken).GetAwaiter().GetResult().Select(v => v.Name)); }
                catch (LibvirtException) { /* a pool that is gone or inactive offers nothing */ }
            }
            return result;
        }
    }
}
