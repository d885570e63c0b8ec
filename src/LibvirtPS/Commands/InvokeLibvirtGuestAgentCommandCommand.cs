using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Invoke-LibvirtGuestAgentCommand: sends a command to a domain's QEMU guest agent (virDomainQemuAgentCommand,
    /// QEMU program procedure 3) and writes the reply, raw and parsed.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LibvirtGuestAgentCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtGuestAgentResult))]
    public sealed class InvokeLibvirtGuestAgentCommandCommand : LibvirtDomainCommandBase
    {
        /// <summary>The agent command: JSON text, or a hashtable/object converted to JSON (ConvertTo-Json -Compress).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public object? Command { get; set; }

        /// <summary>Seconds to wait for the agent; -2 waits without limit, -1 is libvirt's default, 0 does not wait.</summary>
        [Parameter]
        [ValidateRange(-2, int.MaxValue)]
        public int Timeout { get; set; } = -1;

        private string? _json;

        protected override string Action => "Send guest agent command " + (_json ?? "");

        protected override string ErrorId => "GuestAgentCommandFailed";

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _json = ToJson(Command!);
        }

        // The call runs off the pipeline thread, concurrently per host (-ThrottleLimit); the reply is parsed with
        // PowerShell's ConvertFrom-Json, which must run on the pipeline thread, when the output is written.
        protected override async Task ActAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken)
        {
            output.Verbose("QEMU_PROC_DOMAIN_AGENT_COMMAND to '" + domain.Name + "' (timeout " + Timeout + "): " + _json);
            var reply = await connection.Hypervisor.GuestAgentCommandAsync(domain.Uuid, _json!, Timeout, cancellationToken).ConfigureAwait(false);
            output.OnPipelineThread(_ => WriteResult(domain, reply));
        }

        private void WriteResult(DomainInfo domain, string? reply)
        {
            object? parsed = null;
            if (!string.IsNullOrEmpty(reply))
            {
                try
                {
                    parsed = RunJson("param($t) ConvertFrom-Json -InputObject $t", reply!);
                }
                catch (RuntimeException e)
                {
                    WriteError(new ErrorRecord(e, "InvalidGuestAgentReply", ErrorCategory.InvalidData, domain.Name));
                }
            }
            WriteObject(new LibvirtGuestAgentResult(domain.Name, _json!, reply, parsed));
        }

        // JSON text is sent as given once it parses; anything else goes through ConvertTo-Json.
        private string ToJson(object command)
        {
            var value = command is PSObject pso ? pso.BaseObject : command;
            if (value is string text)
            {
                try
                {
                    RunJson("param($t) ConvertFrom-Json -InputObject $t", text);
                }
                catch (RuntimeException e)
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Command is not valid JSON: " + e.Message, nameof(Command), e),
                        "InvalidGuestAgentCommand", ErrorCategory.InvalidArgument, text));
                }
                return text.Trim();
            }
            var json = RunJson("param($o) ConvertTo-Json -InputObject $o -Depth 32 -Compress", command);
            return json?.ToString() ?? throw new ArgumentException("-Command could not be converted to JSON.", nameof(Command));
        }

        private object? RunJson(string script, object argument)
        {
            var results = InvokeCommand.InvokeScript(false, ScriptBlock.Create(script), null, argument);
            if (results.Count == 0) return null;
            if (results.Count == 1) return results[0];
            return results.Select(r => (object)r).ToArray();
        }
    }
}
