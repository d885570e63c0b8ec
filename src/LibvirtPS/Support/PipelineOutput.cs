using System.Collections.Generic;
using System.Management.Automation;

namespace LibvirtPS.Support
{
    /// <summary>
    /// What one piece of fanned-out work wants written: objects and error records, in order. The work runs on a
    /// pool thread, where PowerShell's Write* must not be called; the cmdlet writes this on its pipeline thread.
    /// Only the work that owns it adds to it, and only after the work ended is it read, so it needs no lock.
    /// </summary>
    public sealed class PipelineOutput
    {
        private readonly List<object> _items = new List<object>();

        public void Object(object value) => _items.Add(new Entry(value, null));

        public void Error(ErrorRecord record) => _items.Add(new Entry(null, record));

        internal void WriteTo(Cmdlet cmdlet)
        {
            foreach (Entry e in _items)
            {
                if (e.Record != null) cmdlet.WriteError(e.Record);
                else cmdlet.WriteObject(e.Value);
            }
            _items.Clear();
        }

        private sealed class Entry
        {
            public Entry(object? value, ErrorRecord? record)
            {
                Value = value;
                Record = record;
            }

            public object? Value { get; }
            public ErrorRecord? Record { get; }
        }
    }
}
