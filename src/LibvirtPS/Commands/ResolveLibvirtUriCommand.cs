using System.Management.Automation;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Resolve-LibvirtUri: shows what a libvirt URI will do (transport, host, port, socket, ssh argv, TLS
    /// files, the name sent to the daemon) without connecting.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Resolve, "LibvirtUri")]
    [OutputType(typeof(LibvirtUriResolution))]
    public sealed class ResolveLibvirtUriCommand : LibvirtUriCommandBase
    {
        /// <summary>The URIs to resolve; none means libvirt's default URI chain.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(LibvirtUriCompleter))]
        public string?[]? Uri { get; set; }

        protected override void ProcessRecord()
        {
            var options = BuildOptions();
            if (Uri == null || Uri.Length == 0)
            {
                Resolve(null, options);
                return;
            }
            foreach (var uri in Uri) Resolve(uri, options);
        }

        private void Resolve(string? uri, ConnectionOptions options)
        {
            try
            {
                var plan = ConnectionPlanner.Plan(uri, options);
                foreach (var d in plan.Decisions) WriteVerbose((uri ?? "(default URI)") + ": " + d);
                WriteObject(new LibvirtUriResolution(plan));
            }
            catch (LibvirtException e)
            {
                WriteError(ErrorRecords.ForUri(e, uri));
            }
        }
    }
}
