using System.Net;
using System.Net.Sockets;

namespace LibvirtPS.Core.Tests.Fixtures
{
    /// <summary>Loopback TCP ports for the daemon fixtures: pick a free one, check one, see whether a listener answers.</summary>
    public static class LoopbackPorts
    {
        /// <summary>A port the OS just handed out on 127.0.0.1 (free at that moment).</summary>
        public static int Free()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        /// <summary>True when nothing listens on the port (it can be bound).</summary>
        public static bool IsFree(int port)
        {
            try
            {
                var l = new TcpListener(IPAddress.Loopback, port);
                l.Start();
                l.Stop();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        /// <summary>True when a listener on 127.0.0.1 accepts a connection.</summary>
        public static bool Accepts(int port)
        {
            try
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Connect(new IPEndPoint(IPAddress.Loopback, port));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
