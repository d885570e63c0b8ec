using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Get-LibvirtHost: node info, versions, hostname, free memory (virNodeGetFreeMemory) and a capabilities summary
    /// (virConnectGetCapabilities) of each connection's host. Free memory and capabilities are asked together with the
    /// node info; one of them that fails leaves that property null (no error; -Verbose says why).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtHost")]
    [OutputType(typeof(LibvirtHostInfo))]
    public sealed class GetLibvirtHostCommand : LibvirtConnectedCommandBase
    {
        protected override void ProcessRecord()
        {
            foreach (var c in TargetConnections())
            {
                var free = c.Hypervisor.GetNodeFreeMemoryAsync(CancellationToken);
                var caps = c.Hypervisor.GetHostCapabilitiesXmlAsync(CancellationToken);
                if (!TryRun(c, c.Hypervisor.GetNodeInfoAsync(CancellationToken), "GetHostFailed", c, out var node)) continue;
                var host = new LibvirtHostInfo(node, c);
                if (Optional(c, free, out var bytes)) host.FreeMemory = bytes;
                if (Optional(c, caps, out var xml)) host.Capabilities = HostCapabilities.Parse(xml);
                WriteObject(host);
            }
        }

        /// <summary>
        /// Free memory and capabilities are extras: a call that fails (not supported by the driver, or libvirt's test
        /// driver on a node file, whose free memory is "An error occurred, but the cause is unknown") leaves the property
        /// null and -Verbose says why; only the node info failing is the host's error.
        /// </summary>
        private bool Optional<T>(LibvirtConnection c, System.Threading.Tasks.Task<T> task, out T value)
        {
            value = default!;
            try
            {
                value = task.GetAwaiter().GetResult();
                return true;
            }
            catch (LibvirtException e)
            {
                WriteVerbose(c.Uri + ": " + e.Message);
                return false;
            }
        }
    }
}
