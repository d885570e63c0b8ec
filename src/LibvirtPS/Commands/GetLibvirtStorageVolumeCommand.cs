using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Get-LibvirtStorageVolume: volumes of the given pools (default: every active pool) by name (wildcards), with
    /// key, path, type and sizes (virStoragePoolListAllVolumes).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtStorageVolume")]
    [OutputType(typeof(LibvirtStorageVolume))]
    public sealed class GetLibvirtStorageVolumeCommand : LibvirtConnectedCommandBase
    {
        /// <summary>Volume names; wildcards match case-sensitively.</summary>
        // not by property name: a piped pool object's Name is the pool's
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StorageVolumeNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Pools to list; default: every active pool. Pool objects bind by their Pool property.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StoragePoolNameCompleter))]
        public string[]? Pool { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var c in TargetConnections())
            {
                IEnumerable<string> pools;
                if (Pool != null)
                {
                    pools = Pool;
                }
                else
                {
                    // VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE = 2: inactive pools have no volume list
                    if (!TryRun(c, c.Hypervisor.ListStoragePoolsAsync(2, CancellationToken), "ListStoragePoolsFailed", c, out var all)) continue;
                    pools = all.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
                }
                var names = Name ?? new[] { "*" };
                var patterns = names.Select(n => WildcardPattern.Get(n, WildcardOptions.None)).ToList();
                var found = new HashSet<string>(StringComparer.Ordinal);
                foreach (var pool in pools.ToList())
                {
                    if (!TryRun(c, c.Hypervisor.ListStorageVolumesAsync(pool, CancellationToken), "ListStorageVolumesFailed", pool, out var vols)) continue;
                    foreach (var v in vols.OrderBy(v => v.Name, StringComparer.Ordinal))
                    {
                        if (!patterns.Any(p => p.IsMatch(v.Name))) continue;
                        found.Add(v.Name);
                        WriteObject(new LibvirtStorageVolume(v, c));
                    }
                }
                foreach (var n in names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !found.Contains(n)))
                {
                    var e = new LibvirtException(LibvirtErrorCode.NoStorageVol, LibvirtErrorDomain.Storage, "no storage vol with matching name '" + n + "'");
                    WriteError(new ErrorRecord(e, "StorageVolumeNotFound", ErrorCategory.ObjectNotFound, n)
                    {
                        ErrorDetails = new ErrorDetails("Cannot find a storage volume with the name '" + n + "'" +
                            (Pool != null ? " in pool " + string.Join(", ", Pool.Select(p => "'" + p + "'")) : " in the active pools") + " on " + c.Uri + ".")
                        {
                            RecommendedAction = "List the volumes with Get-LibvirtStorageVolume -Pool <pool> (names are case-sensitive).",
                        },
                    });
                }
            }
        }
    }
}
