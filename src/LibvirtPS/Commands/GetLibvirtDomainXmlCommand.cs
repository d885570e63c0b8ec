using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Get-LibvirtDomainXml: the domain's XML definition (virDomainGetXMLDesc) as an XmlDocument.</summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtDomainXml", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByName)]
    [OutputType(typeof(XmlDocument))]
    public sealed class GetLibvirtDomainXmlCommand : LibvirtDomainCommandBase
    {
        /// <summary>The persistent definition (the one the next boot uses) rather than the live one (VIR_DOMAIN_XML_INACTIVE).</summary>
        [Parameter]
        public SwitchParameter Inactive { get; set; }

        /// <summary>Include security-sensitive data such as VNC passwords (VIR_DOMAIN_XML_SECURE; not on read-only connections).</summary>
        [Parameter]
        public SwitchParameter Secure { get; set; }

        protected override string Action => "Get XML description";

        protected override string ErrorId => "GetDomainXmlFailed";

        protected override async Task ActAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken)
        {
            var text = await connection.Hypervisor.GetDomainXmlAsync(domain.Uuid, Inactive, Secure, cancellationToken).ConfigureAwait(false);
            XmlDocument doc;
            try
            {
                doc = LibvirtXml.Load(text, preserveWhitespace: true);
            }
            catch (XmlException e)
            {
                output.Error(new ErrorRecord(e, "InvalidDomainXml", ErrorCategory.InvalidData, domain.Name));
                return;
            }
            output.Object(doc);
        }
    }
}
