namespace LibvirtPS.Support
{
    /// <summary>What Invoke-LibvirtGuestAgentCommand writes: the command sent and the agent's reply, raw and parsed.</summary>
    public sealed class LibvirtGuestAgentResult
    {
        public LibvirtGuestAgentResult(string domain, string command, string? json, object? response)
        {
            Domain = domain;
            Command = command;
            Json = json;
            Response = response;
        }

        /// <summary>The domain's name.</summary>
        public string Domain { get; }

        /// <summary>The JSON text sent to the agent.</summary>
        public string Command { get; }

        /// <summary>The agent's reply text as libvirt returned it (null when there was none).</summary>
        public string? Json { get; }

        /// <summary>The reply parsed (ConvertFrom-Json): usually an object with a <c>return</c> property.</summary>
        public object? Response { get; }

        /// <summary>The reply's <c>return</c> member when it has one, else the whole parsed reply.</summary>
        public object? Return
        {
            get
            {
                if (Response is System.Management.Automation.PSObject pso && pso.Properties["return"] is { } p) return p.Value;
                return Response;
            }
        }

        public override string ToString() => Json ?? "";
    }
}
