using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Fleet;
using LibvirtPS.Core.Uris;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Connect-Libvirt: opens connections concurrently (at most -ThrottleLimit at once), writes each as it opens, and
    /// makes the connection of the last URI given (that opened) the session default.
    /// </summary>
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

        /// <summary>How many connections are opened at the same time.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = LibvirtConnectedCommandBase.DefaultThrottleLimit;

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
            if (plans.Count == 0) return;
            bool verbose = VerboseWanted;
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
            // one lane per URI (its position is the key), at most -ThrottleLimit opening at once; each connection is
            // written as soon as it is open (completion order), on this thread
            var fan = new FanOut<LibvirtConnection>(ThrottleLimit, CancellationToken);
            var traces = new WireTrace[plans.Count];
            for (int i = 0; i < plans.Count; i++)
            {
                var plan = plans[i].Plan;
                var trace = traces[i] = new WireTrace { Enabled = verbose };
                fan.Add(i, i, ct => LibvirtConnection.OpenAsync(plan, remote, trace, ct));
            }

            var opened = new LibvirtConnection?[plans.Count];
            int done = 0;
            try
            {
                Progress(done, plans.Count, null);
                while (Wait(fan.TakeAsync(CancellationToken)) is FanOutResult<LibvirtConnection> r)
                {
                    int i = (int)r.State!;
                    var (uri, plan) = plans[i];
                    string shown = uri ?? "(default URI)";
                    foreach (var line in traces[i].Drain()) WriteVerbose(shown + ": " + line);
                    done++;
                    Progress(done, plans.Count, shown);
                    if (r.Error != null)
                    {
                        WriteFailure(r.Error, "ConnectionFailed", uri ?? plan.ResolvedUri);
                        continue;
                    }
                    var connection = r.Value;
                    connection.Trace.Enabled = false;
                    opened[i] = connection;
                    SessionConnections.Current.Add(connection, makeDefault: false);
                    WriteObject(connection);
                }
            }
            finally
            {
                // The default is the connection of the LAST URI in the order given that opened: the same one as
                // connecting to the URIs one after the other, whatever order they finished opening in.
                if (!NoDefault.IsPresent)
                {
                    var last = opened.LastOrDefault(c => c != null);
                    if (last != null) SessionConnections.Current.SetDefault(last);
                }
                if (plans.Count > 1) WriteProgress(new ProgressRecord(1, "Connect-Libvirt", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        // from the pipeline thread only (the loop above), never from the opening tasks
        private void Progress(int done, int total, string? last)
        {
            if (total < 2) return;
            WriteProgress(new ProgressRecord(1, "Connect-Libvirt", "Opened " + done + " of " + total + " connections")
            {
                PercentComplete = done * 100 / total,
                CurrentOperation = last == null ? "connecting" : "done: " + last,
            });
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
        }
    }
}
