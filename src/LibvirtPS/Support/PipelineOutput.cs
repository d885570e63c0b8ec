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
        private readonly List<object> _items = new List<object>();

        public void Object(object value) => _items.Add(new Entry(value, null));

        public void Error(ErrorRecord record) => _items.Add(new Entry(null, record));

        public void Verbose(string text) => _items.Add(new Entry(null, null, text));

        /// <summary>Work that must run on the pipeline thread (e.g. PowerShell's own ConvertFrom-Json), in order with the rest.</summary>
        public void OnPipelineThread(Action<Cmdlet> write) => _items.Add(new Entry(null, null, null, write));

        internal void WriteTo(Cmdlet cmdlet)
        {
            foreach (Entry e in _items)
            {
                if (e.Deferred != null) e.Deferred(cmdlet);
                else if (e.VerboseText != null) cmdlet.WriteVerbose(e.VerboseText);
                else if (e.Record != null) cmdlet.WriteError(e.Record);
                else cmdlet.WriteObject(e.Value);
            }
            _items.Clear();
        }

        private sealed class Entry
        {
            public Entry(object? value, ErrorRecord? record, string? verboseText = null, Action<Cmdlet>? deferred = null)
            {
                Value = value;
                Record = record;
                VerboseText = verboseText;
                Deferred = deferred;
            }

            public Action<Cmdlet>? Deferred { get; }

            public string? VerboseText { get; }

            public object? Value { get; }
            public ErrorRecord? Record { get; }
        }
    }
}
