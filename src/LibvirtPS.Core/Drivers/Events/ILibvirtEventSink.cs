using System;

namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>
    /// Where a subscription delivers. Called on the connection's reader thread (remote) or on the thread that made the
    /// change (embedded driver): implementations must only queue and return at once — never block or call back into
    /// the connection, or every reply on that connection waits.
    /// </summary>
    public interface ILibvirtEventSink
    {
        void OnEvent(LibvirtEvent e);

        /// <summary>The connection ended the subscription: <paramref name="reason"/> is why it died, null for a normal close (not called after Unsubscribe).</summary>
        void OnEnded(Exception? reason);
    }
}
