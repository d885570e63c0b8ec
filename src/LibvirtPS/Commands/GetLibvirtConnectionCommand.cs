using System.Management.Automation;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Get-LibvirtConnection: the connections this session opened.</summary>
    [Cmdlet(VerbsCommon.Get, "LibvirtConnection")]
    [OutputType(typeof(LibvirtConnection))]
    public sealed class GetLibvirtConnectionCommand : LibvirtCommandBase
    {
        /// <summary>Only connections whose URI matches (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Uri { get; set; }

        /// <summary>Only the session's default connection.</summary>
        [Parameter]
        public SwitchParameter Default { get; set; }

        protected override void ProcessRecord()
        {
            if (Default.IsPresent)
            {
                var d = SessionConnections.Current.Default;
                if (d != null) WriteObject(d);
                return;
            }
            foreach (var c in SessionConnections.Current.All)
            {
                if (Uri == null || Matches(c.Uri)) WriteObject(c);
            }
        }

        private bool Matches(string uri)
        {
            foreach (var pattern in Uri!)
            {
                if (WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase).IsMatch(uri)) return true;
            }
            return false;
        }
    }
}
