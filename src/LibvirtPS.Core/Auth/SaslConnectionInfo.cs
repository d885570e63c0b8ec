using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace LibvirtPS.Core.Auth
{
    /// <summary>
    /// What the SASL context wants to know about the connected stream: Cyrus' <c>IP;port</c> address strings for
    /// TCP-based transports and the TLS cipher's key size in bits (libvirt's external SSF). Best effort: the
    /// transports do not publish their socket, so it is read from the stream objects; null / the fallback when that fails.
    /// </summary>
    public static class SaslConnectionInfo
    {
        /// <summary>Used when the TLS cipher cannot be read (the suites libvirt's default priority negotiates are AES-256 / ChaCha20).</summary>
        public const int FallbackTlsSsf = 256;

        /// <summary>libvirt's virSocketAddrFormatFull(..., ";") form: <c>127.0.0.1;16509</c>, <c>::1;16509</c>.</summary>
        public static string? Format(EndPoint? endPoint)
        {
            if (!(endPoint is IPEndPoint ip)) return null;
            var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
            return address + ";" + ip.Port;
        }

        /// <summary>The socket under a NetworkStream or the TLS transport's stream, or null.</summary>
        public static Socket? FindSocket(Stream? stream)
        {
            if (stream == null) return null;
            try
            {
                if (stream is NetworkStream ns)
                {
                    var p = typeof(NetworkStream).GetProperty("Socket", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
                    return p?.GetValue(ns) as Socket;
                }
                var f = stream.GetType().GetField("_socket", BindingFlags.Instance | BindingFlags.NonPublic);
                return f?.GetValue(stream) as Socket;
            }
            catch (Exception e) when (e is TargetInvocationException || e is ObjectDisposedException || e is MemberAccessException)
            {
                return null;
            }
        }

        /// <summary>(local, remote) address strings, or nulls when the stream is not on a TCP socket.</summary>
        public static (string? Local, string? Remote) Addresses(Stream? stream)
        {
            var s = FindSocket(stream);
            if (s == null || s.AddressFamily == AddressFamily.Unix) return (null, null);
            try
            {
                return (Format(s.LocalEndPoint), Format(s.RemoteEndPoint));
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                return (null, null);
            }
        }

        /// <summary>
        /// Key bits of the negotiated TLS cipher (gnutls_cipher_get_key_size × 8), from the BouncyCastle session under
        /// the TLS transport's stream; <see cref="FallbackTlsSsf"/> when it cannot be read.
        /// </summary>
        public static int TlsKeyBits(Stream? stream, out bool exact)
        {
            exact = false;
            try
            {
                var f = stream?.GetType().GetField("_protocol", BindingFlags.Instance | BindingFlags.NonPublic);
                var protocol = f?.GetValue(stream) as Org.BouncyCastle.Tls.TlsProtocol;
                var contextProperty = protocol?.GetType().GetProperty("Context", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
                if (contextProperty?.GetValue(protocol) is Org.BouncyCastle.Tls.TlsContext context && context.SecurityParameters != null)
                {
                    int suite = context.SecurityParameters.CipherSuite;
                    int bits = KeyBits(Transports.Tls.TlsPriority.SuiteName(suite));
                    if (bits > 0)
                    {
                        exact = true;
                        return bits;
                    }
                }
            }
            catch (Exception e) when (e is TargetInvocationException || e is MemberAccessException || e is InvalidOperationException || e is NullReferenceException)
            {
            }
            return FallbackTlsSsf;
        }

        /// <summary>Key bits from an IANA suite name (AES_256, CHACHA20 → 256; AES_128 → 128; 3DES → 168), 0 when unknown.</summary>
        public static int KeyBits(string? suiteName)
        {
            if (string.IsNullOrEmpty(suiteName)) return 0;
            string s = suiteName!.ToUpperInvariant();
            if (s.Contains("AES_256") || s.Contains("CHACHA20") || s.Contains("CAMELLIA_256") || s.Contains("ARIA_256")) return 256;
            if (s.Contains("AES_128") || s.Contains("CAMELLIA_128") || s.Contains("ARIA_128")) return 128;
            if (s.Contains("3DES")) return 168;
            return 0;
        }
    }
}
