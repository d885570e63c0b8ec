using System;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>Settings of one RPC connection.</summary>
    public sealed class RpcClientOptions
    {
        /// <summary>How long a call waits for its reply (default 60 s; Timeout.InfiniteTimeSpan: no limit).</summary>
        public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Wire-level trace lines (procedure, serial, sizes; never payloads), e.g. for -Verbose.</summary>
        public IRpcTrace? Trace { get; set; }
    }
}
