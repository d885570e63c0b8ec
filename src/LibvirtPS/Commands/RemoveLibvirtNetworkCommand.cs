using System;
using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Remove-LibvirtNetwork: removes network definitions (virNetworkUndefine). A running network is refused unless
    /// -Force, which stops it first (virNetworkDestroy); a transient network is gone once stopped.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "LibvirtNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
    public sealed class RemoveLibvirtNetworkCommand : LibvirtNetworkCommandBase
    {
        /// <summary>Stop a running network first (virNetworkDestroy), then undefine it.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Action => Force ? "Stop if running, and remove (undefine)" : "Remove (undefine)";

        protected override string ErrorId => "RemoveNetworkFailed";

        protected override void Act(LibvirtConnection connection, NetworkInfo network)
        {
            // the state now, not when the object was listed
            if (!TryRun(connection, connection.Hypervisor.LookupNetworkByUuidAsync(network.Uuid, CancellationToken), ErrorId, network.Name, out var now))
                return;
            if (now.Active)
            {
                if (!Force)
                {
                    var message = "Network '" + now.Name + "' on " + connection.Uri + " is running; stop it first or use -Force.";
                    WriteError(new ErrorRecord(new InvalidOperationException(message), "NetworkIsActive", ErrorCategory.InvalidOperation, now.Name)
                    {
                        ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Stop-LibvirtNetwork -Name '" + now.Name + "', or Remove-LibvirtNetwork -Force." },
                    });
                    return;
                }
                WriteVerbose("Stopping network '" + now.Name + "' before removing it.");
                if (!TryRun(connection, connection.Hypervisor.DestroyNetworkAsync(now, CancellationToken), "StopNetworkFailed", now.Name)) return;
                if (!now.Persistent) return; // a transient network is gone once stopped
            }
            else if (!now.Persistent)
            {
                return;
            }
            TryRun(connection, connection.Hypervisor.UndefineNetworkAsync(now, CancellationToken), ErrorId, now.Name);
        }
    }
}
