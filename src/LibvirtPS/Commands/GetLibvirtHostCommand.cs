using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Get-LibvirtHost: node info and versions of each connection's host.</summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtHost")]
    [OutputType(typeof(LibvirtHostInfo))]
    public sealed class GetLibvirtHostCommand : LibvirtConnectedCommandBase
    {
        protected override void ProcessRecord()
        {
            foreach (var c in TargetConnections())
            {
                if (TryRun(c, c.Hypervisor.GetNodeInfoAsync(CancellationToken), "GetHostFailed", c, out var node))
                    WriteObject(new LibvirtHostInfo(node, c));
            }
        }
    }
}
