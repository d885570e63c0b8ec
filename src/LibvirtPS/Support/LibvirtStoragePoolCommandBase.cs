using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Cmdlets that act on existing storage pools: <c>-Name</c> (also by property name, so pool objects from
    /// Get-LibvirtStoragePool bind their Name and Connection), each confirmed with ShouldProcess and failing on its
    /// own (StoragePoolNotFound for a missing pool), <c>-PassThru</c> (where offered) writes the pool as it is afterwards.
    /// </summary>
    public abstract class LibvirtStoragePoolCommandBase : LibvirtConnectedCommandBase
    {
        /// <summary>Names of the pools.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StoragePoolNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>True when the cmdlet's -PassThru asks for the pool after the change.</summary>
        protected virtual bool PassThruWanted => false;

        /// <summary>The ShouldProcess action text.</summary>
        protected abstract string Action { get; }

        /// <summary>The error id when the change fails for another reason than a missing pool.</summary>
        protected abstract string ErrorId { get; }

        protected abstract Task Operation(IHypervisor hypervisor, string name);

        protected override void ProcessRecord()
        {
            foreach (var c in TargetConnections())
            {
                foreach (var name in Name!)
                {
                    if (!ShouldProcess("Storage pool '" + name + "' on " + c.Uri, Action)) continue;
                    if (!TryRun(c, Operation(c.Hypervisor, name), ErrorId, name)) continue;
                    if (PassThruWanted && TryRun(c, c.Hypervisor.LookupStoragePoolAsync(name, CancellationToken), "GetStoragePoolFailed", name, out var info))
                        WriteObject(new LibvirtStoragePool(info, c));
                }
            }
        }

    }
}
