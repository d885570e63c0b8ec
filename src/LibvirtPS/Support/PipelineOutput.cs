using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace LibvirtPS.Support
{
    /// <summary>
    /// What one piece of fanned-out work wants written: objects and error records, in order. The work runs on a
    /// pool thread, where PowerShell's Write* must not be called; the cmdlet writes this on its pipeline thread.
    /// Only the work that owns it adds to it, and only after the work ended is it read, so it needs no lock.
    /// Verbose lines (what goes on the wire) are kept in order with the rest.
    /// </summary>
    public sealed class PipelineOutput
    {
        // each entry is the Write* call to make, in order
        private readonly List<Action<Cmdlet>> _items = new List<Action<Cmdlet>>();

        public void Object(object value) => _items.Add(c => c.WriteObject(value));

        public void Error(ErrorRecord record) => _items.Add(c => c.WriteError(record));

        public void Verbose(string text) => _items.Add(c => c.WriteVerbose(text));

        /// <summary>Work that must run on the pipeline thread (e.g. PowerShell's own ConvertFrom-Json), in order with the rest.</summary>
        public void OnPipelineThread(Action<Cmdlet> write) => _items.Add(write);

        internal void WriteTo(Cmdlet cmdlet)
        {
            foreach (var write in _items) write(cmdlet);
            _items.Clear();
        }
    }
}
