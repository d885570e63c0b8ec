using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// An AF_UNIX end point on every runtime: .NET's own UnixDomainSocketEndPoint where it exists (PowerShell 7),
    /// else a small sockaddr_un serializer (Windows PowerShell 5.1 on Windows 10+, which has AF_UNIX but no type for it).
    /// </summary>
    internal static class UnixEndPointFactory
    {
        private static readonly Type? BuiltIn = Type.GetType("System.Net.Sockets.UnixDomainSocketEndPoint, System.Net.Sockets")
            ?? typeof(Socket).Assembly.GetType("System.Net.Sockets.UnixDomainSocketEndPoint");

        internal static EndPoint Create(string path)
        {
            if (BuiltIn != null) return (EndPoint)Activator.CreateInstance(BuiltIn, path)!;
            return new SockaddrUnEndPoint(path);
        }

        private sealed class SockaddrUnEndPoint : EndPoint
        {
            private readonly string _path;

            internal SockaddrUnEndPoint(string path) { _path = path; }

            public override AddressFamily AddressFamily => AddressFamily.Unix;

            public override SocketAddress Serialize()
            {
                byte[] bytes = Encoding.UTF8.GetBytes(_path);
                // sockaddr_un: 2-byte family, then the NUL-terminated path (a leading '@' is an abstract socket)
                var sa = new SocketAddress(AddressFamily.Unix, 2 + bytes.Length + 1);
                for (int i = 0; i < bytes.Length; i++) sa[2 + i] = _path[0] == '@' && i == 0 ? (byte)0 : bytes[i];
                sa[2 + bytes.Length] = 0;
                return sa;
            }

            public override EndPoint Create(SocketAddress socketAddress) => this;

            public override string ToString() => _path;
        }
    }
}
