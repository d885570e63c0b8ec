using System;
using System.Linq;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Get-LibvirtStoragePool: storage pools by name (wildcards) with their state and sizes (virConnectListAllStoragePools).</summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtStoragePool")]
    [OutputType(typeof(LibvirtStoragePool))]
    public sealed class GetLibvirtStoragePoolCommand : LibvirtConnectedCommandBase
    {
        /// <summary>Pool names; wildcards match case-sensitively, as libvirt compares names.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StoragePoolNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only pools in these states.</summary>
        [Parameter]
        public StoragePoolState[]? State { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var c in TargetConnections())
            {
                if (!TryRun(c, c.Hypervisor.ListStoragePoolsAsync(0, CancellationToken), "ListStoragePoolsFailed", c, out var pools)) continue;
                var names = Name ?? new[] { "*" };
                foreach (var p in pools.OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!names.Any(n => WildcardPattern.Get(n, WildcardOptions.None).IsMatch(p.Name))) continue;
                    if (State != null && !State.Contains(p.State)) continue;
                    WriteObject(new LibvirtStoragePool(p, c));
                }
                foreach (var n in names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !pools.Any(p => p.Name == n)))
                {
                    var e = new LibvirtException(LibvirtErrorCode.NoStoragePool, LibvirtErrorDomain.Storage, "no storage pool with matching name '" + n + "'");
                    WriteError(new ErrorRecord(e, "StoragePoolNotFound", ErrorCategory.ObjectNotFound, n)
                    {
                        ErrorDetails = new ErrorDetails("Cannot find a storage pool with the name '" + n + "' on " + c.Uri + ".")
                        {
                            RecommendedAction = "Check the name with Get-LibvirtStoragePool (names are case-sensitive).",
                        },
                    });
                }
            }
        }
    }
}
