using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Disconnect-Libvirt: closes connections (the default one when none is named).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Libvirt", DefaultParameterSetName = ByConnection)]
    [OutputType(typeof(void))]
    public sealed class DisconnectLibvirtCommand : LibvirtCommandBase
    {
        private const string ByConnection = "ByConnection";
        private const string AllSet = "All";

        /// <summary>The connections to close; default: the session's default connection.</summary>
        [Parameter(ParameterSetName = ByConnection, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public LibvirtConnection[]? Connection { get; set; }

        /// <summary>Closes every connection of this session.</summary>
        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        private bool _sawConnection;

        protected override void ProcessRecord()
        {
            if (All.IsPresent)
            {
                foreach (var c in SessionConnections.Current.All) Close(c);
                return;
            }
            if (Connection != null)
            {
                _sawConnection = true;
                foreach (var c in Connection) Close(c);
            }
        }

        protected override void EndProcessing()
        {
            if (!All.IsPresent && !_sawConnection)
            {
                var c = SessionConnections.Current.Default;
                if (c != null) Close(c);
                else WriteWarning("There is no default libvirt connection to close.");
            }
            base.EndProcessing();
        }

        private void Close(LibvirtConnection c)
        {
            WriteVerbose("closing " + c.Uri);
            try
            {
                Wait(c.CloseAsync(CancellationToken));
            }
            finally
            {
                SessionConnections.Current.Remove(c);
            }
        }
    }
}
