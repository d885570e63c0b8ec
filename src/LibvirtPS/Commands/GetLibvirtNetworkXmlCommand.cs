using System.Management.Automation;
using System.Xml;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Get-LibvirtNetworkXml: the network's XML definition (virNetworkGetXMLDesc) as an XmlDocument.</summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtNetworkXml", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByName)]
    [OutputType(typeof(XmlDocument))]
    public sealed class GetLibvirtNetworkXmlCommand : LibvirtNetworkCommandBase
    {
        /// <summary>The persistent definition (the one the next start uses) rather than the live one (VIR_NETWORK_XML_INACTIVE).</summary>
        [Parameter]
        public SwitchParameter Inactive { get; set; }

        protected override string Action => "Get XML description";

        protected override string ErrorId => "GetNetworkXmlFailed";

        protected override void Act(LibvirtConnection connection, NetworkInfo network)
        {
            if (!TryRun(connection, connection.Hypervisor.GetNetworkXmlAsync(network, Inactive, CancellationToken), ErrorId, network.Name, out var text))
                return;
            XmlDocument doc;
            try
            {
                doc = LibvirtXml.Load(text, preserveWhitespace: true);
            }
            catch (XmlException e)
            {
                WriteError(new ErrorRecord(e, "InvalidNetworkXml", ErrorCategory.InvalidData, network.Name));
                return;
            }
            WriteObject(doc);
        }
    }
}
