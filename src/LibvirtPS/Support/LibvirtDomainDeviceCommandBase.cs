using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Device changes on domains: -Live / -Config / -Current (virDomainModificationImpact, named as virsh's options),
    /// the device XML from <see cref="DeviceXml"/> (or given), then attach, detach or update; -PassThru writes the domain.
    /// </summary>
    public abstract class LibvirtDomainDeviceCommandBase : LibvirtDomainCommandBase
    {
        /// <summary>VIR_DOMAIN_AFFECT_LIVE: change the running domain.</summary>
        [Parameter] public SwitchParameter Live { get; set; }

        /// <summary>VIR_DOMAIN_AFFECT_CONFIG: change the persistent definition.</summary>
        [Parameter] public SwitchParameter Config { get; set; }

        /// <summary>VIR_DOMAIN_AFFECT_CURRENT (0): the live domain when running, else the definition.</summary>
        [Parameter] public SwitchParameter Current { get; set; }

        /// <summary>Writes the domain, read again after the change.</summary>
        [Parameter] public SwitchParameter PassThru { get; set; }

        protected virtual DomainDeviceModifyFlags ExtraFlags => DomainDeviceModifyFlags.Current;

        protected DomainDeviceModifyFlags Flags =>
            (Live ? DomainDeviceModifyFlags.Live : 0) | (Config ? DomainDeviceModifyFlags.Config : 0) | ExtraFlags;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Current && (Live || Config))
            {
                // virsh: "Options --current and --live are mutually exclusive"
                var message = "-Current and -" + (Live ? "Live" : "Config") + " are mutually exclusive.";
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), "CurrentWithLiveOrConfig", ErrorCategory.InvalidArgument, null));
            }
        }

        /// <summary>The device XML for this domain (runs on a pool thread: libvirt errors are thrown, not written).</summary>
        protected abstract Task<string> DeviceXmlForAsync(LibvirtConnection connection, DomainInfo domain, CancellationToken cancellationToken);

        protected abstract Task Operation(IHypervisor hypervisor, Guid uuid, string xml, DomainDeviceModifyFlags flags);

        protected override async Task ActAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken)
        {
            string xml;
            try
            {
                xml = await DeviceXmlForAsync(connection, domain, cancellationToken).ConfigureAwait(false);
            }
            catch (DeviceXmlException e)
            {
                output.Error(new ErrorRecord(e, e.Id, ErrorCategory.ObjectNotFound, domain.Name) { ErrorDetails = new ErrorDetails(e.Message) });
                return;
            }
            output.Verbose("device XML (flags " + Flags + "): " + xml);
            await Operation(connection.Hypervisor, domain.Uuid, xml, Flags).ConfigureAwait(false);
            if (PassThru) await WriteRefreshedAsync(connection, domain, output, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The device cmdlets that take the device XML as given (-Xml).</summary>
    public abstract class LibvirtDomainDeviceXmlCommandBase : LibvirtDomainDeviceCommandBase
    {
        /// <summary>The device's XML (a &lt;disk&gt;, &lt;interface&gt;, … element); [xml] objects are accepted.</summary>
        [Parameter(Mandatory = true)]
        [XmlTextTransformation]
        [ValidateNotNullOrEmpty]
        public string? Xml { get; set; }

        protected override Task<string> DeviceXmlForAsync(LibvirtConnection connection, DomainInfo domain, CancellationToken cancellationToken) =>
            Task.FromResult(Xml!);
    }
}
