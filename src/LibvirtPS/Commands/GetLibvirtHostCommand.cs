using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Get-LibvirtHost: node info, versions, hostname, free memory (virNodeGetFreeMemory) and a capabilities summary
    /// (virConnectGetCapabilities) of each connection's host. Free memory and capabilities are asked together with the
    /// node info; a driver that does not support one of them leaves that property null (no error).
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

        /// <summary>Not supported by the driver: null without an error; any other failure is the host's error.</summary>
        private bool Optional<T>(LibvirtConnection c, System.Threading.Tasks.Task<T> task, out T value)
        {
            value = default!;
            try
            {
                task.Wait(CancellationToken);
            }
            catch (System.AggregateException e) when (e.InnerException is LibvirtException le &&
                (le.Code == LibvirtErrorCode.NoSupport || le.Code == LibvirtErrorCode.OperationUnsupported))
            {
                WriteVerbose(c.Uri + ": " + le.Message);
                return false;
            }
            catch (System.AggregateException)
            {
                // the error itself is reported by TryRun
            }
            return TryRun(c, task, "GetHostFailed", c, out value);
        }
    }
}
