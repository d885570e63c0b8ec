using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipes;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace LibvirtPS.Core.Transports.Ssh
{
    /// <summary>An ssh-agent answered with SSH_AGENT_FAILURE, something unexpected, or a malformed message.</summary>
    public sealed class SshAgentException : Exception
    {
        public SshAgentException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>
    /// A client of the ssh-agent protocol (draft-miller-ssh-agent) — only what public-key authentication needs:
    /// SSH_AGENTC_REQUEST_IDENTITIES → SSH_AGENT_IDENTITIES_ANSWER and SSH_AGENTC_SIGN_REQUEST → SSH_AGENT_SIGN_RESPONSE.
    /// Every request opens its own connection to the agent (a unix socket, or on Windows the OpenSSH agent's named
    /// pipe) and closes it after the answer, so the client can be used from any thread.
    /// </summary>
    public sealed class SshAgentClient
    {
        public const byte SSH_AGENT_FAILURE = 5;
        public const byte SSH_AGENTC_REQUEST_IDENTITIES = 11;
        public const byte SSH_AGENT_IDENTITIES_ANSWER = 12;
        public const byte SSH_AGENTC_SIGN_REQUEST = 13;
        public const byte SSH_AGENT_SIGN_RESPONSE = 14;

        /// <summary>Sign-request flag: an <c>rsa-sha2-256</c> signature of an RSA key.</summary>
        public const uint SSH_AGENT_RSA_SHA2_256 = 2;

        /// <summary>Sign-request flag: an <c>rsa-sha2-512</c> signature of an RSA key.</summary>
        public const uint SSH_AGENT_RSA_SHA2_512 = 4;

        /// <summary>The name of the Windows OpenSSH agent's pipe (<c>\\.\pipe\openssh-ssh-agent</c>).</summary>
        public const string WindowsPipeName = "openssh-ssh-agent";

        /// <summary>OpenSSH's limit on an agent message (MAX_AGENT_REPLY_LEN).</summary>
        private const int MaxMessage = 256 * 1024;

        private readonly Func<Stream> _open;

        /// <summary>A client that reaches the agent through <paramref name="open"/> (called once per request).</summary>
        public SshAgentClient(string location, Func<Stream> open)
        {
            Location = location;
            _open = open;
        }

        /// <summary>Where the agent is (the socket path or pipe name), for messages.</summary>
        public string Location { get; }

        /// <summary>How long one request may wait for the agent's answer (a key added with <c>ssh-add -c</c> waits for a confirmation).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// An agent at <paramref name="location"/>: a unix socket path, or (Windows) a named pipe written
        /// <c>\\.\pipe\name</c> or <c>//./pipe/name</c>.
        /// </summary>
        public static SshAgentClient For(string location)
        {
            string? pipe = PipeName(location);
            if (pipe != null)
                return new SshAgentClient(location, () => OpenPipe(pipe, 1000));
            SshAgentClient? client = null;
            client = new SshAgentClient(location, () => OpenUnixSocket(location, client!.Timeout));
            return client;
        }

        /// <summary>The pipe name of <c>\\.\pipe\name</c> (or <c>//./pipe/name</c>); null for anything else.</summary>
        internal static string? PipeName(string location)
        {
            foreach (var prefix in new[] { @"\\.\pipe\", "//./pipe/" })
            {
                if (location.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && location.Length > prefix.Length)
                    return location.Substring(prefix.Length);
            }
            return null;
        }

        private static Stream OpenUnixSocket(string path, TimeSpan timeout)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(UnixEndPointFactory.Create(path));
                int ms = (int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds));
                socket.ReceiveTimeout = ms;
                socket.SendTimeout = ms;
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private static Stream OpenPipe(string name, int connectTimeoutMs)
        {
            var pipe = new NamedPipeClientStream(".", name, PipeDirection.InOut);
            try
            {
                pipe.Connect(connectTimeoutMs);
                return pipe;
            }
            catch
            {
                pipe.Dispose();
                throw;
            }
        }

        /// <summary>The keys the agent holds (SSH_AGENTC_REQUEST_IDENTITIES), in the agent's order.</summary>
        public IReadOnlyList<SshAgentIdentity> RequestIdentities(CancellationToken cancellationToken = default)
        {
            var reply = Transact(new[] { SSH_AGENTC_REQUEST_IDENTITIES }, cancellationToken);
            if (reply[0] != SSH_AGENT_IDENTITIES_ANSWER) throw Unexpected(reply[0], "REQUEST_IDENTITIES");
            var r = new Reader(reply, 1);
            uint n = r.UInt32();
            if (n > MaxMessage / 8) throw new SshAgentException("the ssh-agent at '" + Location + "' claims " + n + " identities");
            var list = new List<SshAgentIdentity>((int)n);
            for (uint i = 0; i < n; i++)
            {
                byte[] blob = r.Bytes();
                string comment = Encoding.UTF8.GetString(r.Bytes());
                list.Add(new SshAgentIdentity(blob, comment));
            }
            return list;
        }

        /// <summary>
        /// Asks the agent to sign <paramref name="data"/> with the key <paramref name="keyBlob"/> (SSH_AGENTC_SIGN_REQUEST);
        /// returns the signature as SSH encodes it (string format name, string signature blob).
        /// </summary>
        public byte[] Sign(byte[] keyBlob, byte[] data, uint flags, CancellationToken cancellationToken = default)
        {
            var w = new MemoryStream();
            w.WriteByte(SSH_AGENTC_SIGN_REQUEST);
            WriteBytes(w, keyBlob);
            WriteBytes(w, data);
            WriteUInt32(w, flags);
            var reply = Transact(w.ToArray(), cancellationToken);
            if (reply[0] != SSH_AGENT_SIGN_RESPONSE) throw Unexpected(reply[0], "SIGN_REQUEST");
            var r = new Reader(reply, 1);
            var signature = r.Bytes();
            // it must at least be a well-formed (string format, string blob)
            var s = new Reader(signature, 0);
            s.Bytes();
            s.Bytes();
            return signature;
        }

        /// <summary>The signature format name inside an encoded signature (its first string).</summary>
        public static string SignatureFormat(byte[] signature) => Encoding.ASCII.GetString(new Reader(signature, 0).Bytes());

        private SshAgentException Unexpected(byte type, string request) =>
            type == SSH_AGENT_FAILURE
                ? new SshAgentException("the ssh-agent at '" + Location + "' refused the " + request + " (SSH_AGENT_FAILURE)")
                : new SshAgentException("the ssh-agent at '" + Location + "' answered " + request + " with message type " + type);

        /// <summary>One request, one reply (its type byte first, never empty).</summary>
        private byte[] Transact(byte[] request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (var stream = _open())
            using (cancellationToken.Register(() => { try { stream.Dispose(); } catch (Exception) { } }))
            {
                try
                {
                    var frame = new byte[4 + request.Length];
                    PutUInt32(frame, 0, (uint)request.Length);
                    Buffer.BlockCopy(request, 0, frame, 4, request.Length);
                    stream.Write(frame, 0, frame.Length);
                    stream.Flush();

                    var head = ReadExactly(stream, 4);
                    uint len = ((uint)head[0] << 24) | ((uint)head[1] << 16) | ((uint)head[2] << 8) | head[3];
                    if (len == 0 || len > MaxMessage)
                        throw new SshAgentException("the ssh-agent at '" + Location + "' sent a message of " + len + " bytes");
                    return ReadExactly(stream, (int)len);
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }

        private byte[] ReadExactly(Stream stream, int count)
        {
            var buf = new byte[count];
            int got = 0;
            while (got < count)
            {
                int n = stream.Read(buf, got, count - got);
                if (n <= 0) throw new SshAgentException("the ssh-agent at '" + Location + "' closed the connection in the middle of an answer");
                got += n;
            }
            return buf;
        }

        // ---------------- wire format (RFC 4251 §5)

        internal static void PutUInt32(byte[] b, int at, uint v)
        {
            b[at] = (byte)(v >> 24);
            b[at + 1] = (byte)(v >> 16);
            b[at + 2] = (byte)(v >> 8);
            b[at + 3] = (byte)v;
        }

        internal static void WriteUInt32(Stream s, uint v)
        {
            var b = new byte[4];
            PutUInt32(b, 0, v);
            s.Write(b, 0, 4);
        }

        internal static void WriteBytes(Stream s, byte[] v)
        {
            WriteUInt32(s, (uint)v.Length);
            s.Write(v, 0, v.Length);
        }

        /// <summary>Reads uint32s and strings of an agent message; a short message is an <see cref="SshAgentException"/>.</summary>
        internal sealed class Reader
        {
            private readonly byte[] _b;
            private int _at;

            public Reader(byte[] b, int at)
            {
                _b = b;
                _at = at;
            }

            public uint UInt32()
            {
                if (_b.Length - _at < 4) throw new SshAgentException("truncated ssh-agent message");
                uint v = ((uint)_b[_at] << 24) | ((uint)_b[_at + 1] << 16) | ((uint)_b[_at + 2] << 8) | _b[_at + 3];
                _at += 4;
                return v;
            }

            public byte[] Bytes()
            {
                uint len = UInt32();
                if (len > (uint)(_b.Length - _at)) throw new SshAgentException("truncated ssh-agent message");
                var v = new byte[len];
                Buffer.BlockCopy(_b, _at, v, 0, (int)len);
                _at += (int)len;
                return v;
            }
        }

        // ---------------- finding the agent

        /// <summary>
        /// The agent this process should use: <paramref name="authSock"/> (the value of <c>SSH_AUTH_SOCK</c>) when set; else on
        /// Windows the OpenSSH agent's pipe (whether it exists shows when it is used). Null with <paramref name="why"/> when there is none.
        /// </summary>
        public static SshAgentClient? Locate(string? authSock, bool isWindows, out string? why)
        {
            why = null;
            if (!string.IsNullOrEmpty(authSock)) return For(authSock!);
            if (isWindows) return For(@"\\.\pipe\" + WindowsPipeName);
            why = "SSH_AUTH_SOCK is not set";
            return null;
        }

        internal static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
    }
}
