using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Remove-LibvirtDomain: undefines domains (virDomainUndefine). A running domain is refused unless -Force,
    /// which destroys it first (virDomainDestroy).
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
    [OutputType(typeof(void))]
    public sealed class RemoveLibvirtDomainCommand : LibvirtDomainCommandBase
    {
        /// <summary>Destroy a running domain before undefining it.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Action => Force ? "Remove (destroy and undefine)" : "Remove (undefine)";

        protected override string ErrorId => "UndefineDomainFailed";

        protected override async Task ActAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken)
        {
            // the state now, not as the pipeline object saw it
            var now = await connection.Hypervisor.LookupDomainByUuidAsync(domain.Uuid, cancellationToken).ConfigureAwait(false);
            if (now.State != DomainState.Shutoff)
            {
                if (!Force)
                {
                    var message = "Domain '" + now.Name + "' is running: stop it first, or use -Force to destroy it before it is undefined.";
                    output.Error(new ErrorRecord(new InvalidOperationException(message), "DomainIsActive", ErrorCategory.InvalidOperation, now.Name)
                    {
                        ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Remove-LibvirtDomain -Force, or Stop-LibvirtDomain first." },
                    });
                    return;
                }
                await connection.Hypervisor.DestroyDomainAsync(now.Uuid, cancellationToken).ConfigureAwait(false);
                if (!now.Persistent) return; // a transient domain is gone once destroyed
            }
            await connection.Hypervisor.UndefineDomainAsync(now.Uuid, cancellationToken).ConfigureAwait(false);
        }
    }
}
