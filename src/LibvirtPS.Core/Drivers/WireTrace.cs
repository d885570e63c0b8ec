using System.Collections.Concurrent;
using System.Collections.Generic;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// Trace lines of a connection (what goes over the wire: procedures, serials, sizes; never payloads or
    /// secrets), collected from any thread while enabled, and drained by the caller (a cmdlet's -Verbose).
    /// </summary>
    public sealed class WireTrace : Rpc.IRpcTrace
    {
        private readonly ConcurrentQueue<string> _lines = new ConcurrentQueue<string>();

        /// <summary>Lines are kept only while this is true.</summary>
        public bool Enabled { get; set; }

        public void Write(string line)
        {
            if (Enabled && _lines.Count < 100000) _lines.Enqueue(line);
        }

        public IEnumerable<string> Drain()
        {
            while (_lines.TryDequeue(out var line)) yield return line;
        }
    }
}
