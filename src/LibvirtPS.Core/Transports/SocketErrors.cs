using System.Net.Sockets;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// The C library's wording for socket errors (strerror), which libvirt puts in its messages; .NET's own
    /// texts differ per platform, and users compare ours with virsh's.
    /// </summary>
    internal static class SocketErrors
    {
        internal static string Describe(SocketException e)
        {
            switch (e.SocketErrorCode)
            {
                case SocketError.ConnectionRefused: return "Connection refused";
                case SocketError.AddressNotAvailable: return "No such file or directory";
                case SocketError.AccessDenied: return "Permission denied";
                case SocketError.TimedOut: return "Connection timed out";
                case SocketError.HostUnreachable: return "No route to host";
                case SocketError.NetworkUnreachable: return "Network is unreachable";
                case SocketError.ConnectionReset: return "Connection reset by peer";
                case SocketError.HostNotFound: return "Name or service not known";
                case SocketError.TryAgain: return "Temporary failure in name resolution";
                case SocketError.NoData: return "No address associated with hostname";
                default: return e.Message;
            }
        }
    }
}
