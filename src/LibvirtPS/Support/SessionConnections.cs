using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Support
{
    /// <summary>
    /// The connections a PowerShell session opened, and its default. Kept per runspace, so parallel runspaces
    /// (ForEach-Object -Parallel, jobs, Pester containers) do not share defaults.
    /// </summary>
    internal sealed class SessionConnections
    {
        private static readonly ConditionalWeakTable<Runspace, SessionConnections> PerRunspace = new ConditionalWeakTable<Runspace, SessionConnections>();
        private static readonly SessionConnections NoRunspace = new SessionConnections();
        private readonly List<LibvirtConnection> _open = new List<LibvirtConnection>();
        private readonly object _lock = new object();

        internal static SessionConnections Current =>
            Runspace.DefaultRunspace is Runspace rs ? PerRunspace.GetValue(rs, ForRunspace) : NoRunspace;

        // A runspace that closes (a disposed [powershell], a finished job or -Parallel block) takes its connections
        // with it: left open, they would keep their daemon sessions (and the shared in-process test:///default
        // state, which libvirt resets only when the last connection closes) alive until the process ends.
        private static SessionConnections ForRunspace(Runspace runspace)
        {
            var session = new SessionConnections();
            runspace.StateChanged += (_, e) =>
            {
                var state = e.RunspaceStateInfo.State;
                if (state == RunspaceState.Closed || state == RunspaceState.Broken) session.CloseAll();
            };
            return session;
        }

        private void CloseAll()
        {
            List<LibvirtConnection> open;
            lock (_lock)
            {
                open = _open.ToList();
                _open.Clear();
                Default = null;
            }
            foreach (var c in open)
            {
                // no pipeline to report to: a close that fails or hangs must not hold up the runspace's close
                try { c.CloseAsync(System.Threading.CancellationToken.None).Wait(System.TimeSpan.FromSeconds(5)); }
                catch (System.Exception) { }
                try { c.Dispose(); }
                catch (System.Exception) { }
            }
        }

        internal LibvirtConnection? Default { get; private set; }

        internal void Add(LibvirtConnection connection, bool makeDefault)
        {
            lock (_lock)
            {
                _open.Add(connection);
                if (makeDefault) Default = connection;
            }
        }

        /// <summary>Makes an open connection of the session its default.</summary>
        internal void SetDefault(LibvirtConnection connection)
        {
            lock (_lock)
            {
                if (_open.Contains(connection)) Default = connection;
            }
        }

        internal void Remove(LibvirtConnection connection)
        {
            lock (_lock)
            {
                _open.Remove(connection);
                if (ReferenceEquals(Default, connection)) Default = null;
            }
        }

        internal IReadOnlyList<LibvirtConnection> All
        {
            get { lock (_lock) return _open.ToList(); }
        }
    }
}
