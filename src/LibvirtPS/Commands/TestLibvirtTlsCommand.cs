using System;
using System.Management.Automation;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tls.Check;
using LibvirtPS.Core.Uris;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Test-LibvirtTls: runs libvirt's TLS client checks step by step (files, loading, sanity checks, TCP,
    /// handshake, server certificate, the daemon's confirmation) and reports each with a remedy.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "LibvirtTls")]
    [OutputType(typeof(LibvirtTlsCheck))]
    public sealed class TestLibvirtTlsCommand : LibvirtCommandBase
    {
        /// <summary>The URI to test; its transport is taken as tls. Default: qemu+tls://&lt;ComputerName or localhost&gt;/system.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LibvirtUriCompleter))]
        public string? Uri { get; set; }

        /// <summary>URI parameter pkipath: folder with cacert.pem, clientcert.pem, clientkey.pem.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? PkiPath { get; set; }

        /// <summary>Replaces the host of the URI.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Host", "HostName")]
        [ValidateNotNullOrEmpty]
        public string? ComputerName { get; set; }

        /// <summary>Replaces the port of the URI (default 16514).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int? Port { get; set; }

        /// <summary>URI parameter no_verify: server certificate failures are warnings.</summary>
        [Parameter]
        public SwitchParameter NoVerify { get; set; }

        /// <summary>URI parameter tls_priority: a GnuTLS priority string.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TlsPriority { get; set; }

        /// <summary>Checks only the local files; no network traffic.</summary>
        [Parameter]
        public SwitchParameter Offline { get; set; }

        /// <summary>Seconds allowed for the connection and the handshake.</summary>
        private const int TimeoutSeconds = 30;

        protected override void ProcessRecord()
        {
            var options = new ConnectionOptions { Transport = LibvirtTransport.Tls, ComputerName = ComputerName, Port = Port };
            if (PkiPath != null) options.Parameters["pkipath"] = SessionState.Path.GetUnresolvedProviderPathFromPSPath(PkiPath);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(NoVerify))) options.Parameters["no_verify"] = NoVerify.IsPresent ? "1" : "0";
            if (TlsPriority != null) options.Parameters["tls_priority"] = TlsPriority;
            string uri = string.IsNullOrEmpty(Uri) ? "qemu+tls://" + (ComputerName ?? "localhost") + "/system" : Uri!;

            ConnectionPlan plan;
            try
            {
                plan = ConnectionPlanner.Plan(uri, options);
            }
            catch (LibvirtException e)
            {
                WriteError(ErrorRecords.ForUri(e, uri));
                return;
            }
            foreach (var d in plan.Decisions) WriteVerbose(uri + ": " + d);
            if (plan.Pki == null)
            {
                WriteError(new ErrorRecord(new ArgumentException("'" + uri + "' does not use TLS"), "NotATlsUri", ErrorCategory.InvalidArgument, uri));
                return;
            }

            var result = Wait(TlsChecker.RunAsync(plan, Offline.IsPresent, TimeSpan.FromSeconds(TimeoutSeconds), CancellationToken));
            foreach (var c in result.Checks) WriteVerbose("[" + c.Status + "] " + c.Name + ": " + c.Message);
            WriteObject(result);
        }
    }
}
