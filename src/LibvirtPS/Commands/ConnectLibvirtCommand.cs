using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>Connect-Libvirt: opens connections (concurrently) and makes the last one the session default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Libvirt")]
    [OutputType(typeof(LibvirtConnection))]
    public sealed class ConnectLibvirtCommand : LibvirtUriCommandBase
    {
        // planned per input record (parameters bound from the pipeline differ per record), opened together at the end
        private readonly List<(string? Uri, ConnectionPlan Plan)> _plans = new List<(string? Uri, ConnectionPlan Plan)>();

        /// <summary>The URIs to connect to; none means libvirt's default URI chain.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(LibvirtUriCompleter))]
        public string?[]? Uri { get; set; }

        /// <summary>Seconds of silence before a keepalive PING (virsh -k; 0 turns keepalive off).</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public int KeepAliveInterval { get; set; } = 5;

        /// <summary>Unanswered PINGs before the connection is declared dead (virsh -K).</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int KeepAliveCount { get; set; } = 6;

        /// <summary>Seconds allowed to connect and for each call.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = 30;

        /// <summary>
        /// Secrets for +libssh/+libssh2: the password (password and keyboard-interactive authentication) and the
        /// passphrase of an encrypted key file. Its user name is the SSH login only when the URI (or -UserName) names
        /// none; a credential with an empty user name changes nothing but the secret.
        /// </summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>Opens without making the new connection the session default.</summary>
        [Parameter]
        public SwitchParameter NoDefault { get; set; }

        protected override void ProcessRecord()
        {
            var options = BuildOptions();
            foreach (var uri in Uri == null || Uri.Length == 0 ? new string?[] { null } : Uri)
            {
                try
                {
                    var plan = ConnectionPlanner.Plan(uri, options);
                    foreach (var d in plan.Decisions) WriteVerbose((uri ?? "(default URI)") + ": " + d);
                    _plans.Add((uri, plan));
                }
                catch (LibvirtException e)
                {
                    WriteError(ErrorRecords.ForUri(e, uri));
                }
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                OpenAll();
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void OpenAll()
        {
            var plans = _plans;
            // all URIs open at once; results are written in the order given
            bool verbose = VerboseWanted;
            var opening = plans.Select(p =>
            {
                var trace = new WireTrace { Enabled = verbose };
                var remote = new RemoteOpenOptions
                {
                    KeepAliveInterval = KeepAliveInterval,
                    KeepAliveCount = KeepAliveCount,
                    Timeout = TimeSpan.FromSeconds(Timeout),
                    Credential = Credential == null || Credential == PSCredential.Empty
                        ? null
                        : new System.Net.NetworkCredential(Credential.UserName ?? "", Credential.Password),
                    Interaction = Interaction,
                };
                return (p.Uri, p.Plan, Trace: trace, Task: LibvirtConnection.OpenAsync(p.Plan, remote, trace, CancellationToken));
            }).ToList();

            int done = 0;
            foreach (var o in opening)
            {
                if (opening.Count > 1)
                {
                    WriteProgress(new ProgressRecord(1, "Connect-Libvirt", "Connecting to " + (o.Uri ?? "(default URI)"))
                    {
                        PercentComplete = done * 100 / opening.Count,
                    });
                }
                LibvirtConnection? connection = null;
                try
                {
                    connection = Wait(o.Task);
                }
                catch (LibvirtException e)
                {
                    WriteError(ErrorRecords.ForCall(e, "ConnectionFailed", o.Uri ?? o.Plan.ResolvedUri));
                }
                finally
                {
                    foreach (var line in o.Trace.Drain()) WriteVerbose((o.Uri ?? "(default URI)") + ": " + line);
                }
                done++;
                if (connection == null) continue;
                connection.Trace.Enabled = false;
                SessionConnections.Current.Add(connection, !NoDefault.IsPresent);
                WriteObject(connection);
            }
            if (opening.Count > 1) WriteProgress(new ProgressRecord(1, "Connect-Libvirt", "Done") { RecordType = ProgressRecordType.Completed });
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
        }
    }
}
