// A tiny ssh-agent for tests: a unix socket in a temp dir that answers SSH_AGENTC_REQUEST_IDENTITIES and
// SSH_AGENTC_SIGN_REQUEST (draft-miller-ssh-agent) with keys the test holds, signing with SSH.NET's own
// KeyHostAlgorithm (so the signature is the real thing). Anything else, or an unknown key, gets SSH_AGENT_FAILURE.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace LibvirtPS.Core.Tests.Transports
{
    internal sealed class SshAgentFakeServer : IDisposable
    {
        private readonly Socket _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<(PrivateKeyFile Key, string Comment)> _keys = new List<(PrivateKeyFile, string)>();
        private readonly Task _accepting;
        private readonly string _dir;

        public SshAgentFakeServer()
        {
            _dir = Path.Combine(Path.GetTempPath(), "libvirtps-fakeagent-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(_dir);
            SocketPath = Path.Combine(_dir, "agent.sock");
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            _listener.Listen(16);
            _accepting = Task.Run(AcceptLoop);
        }

        public string SocketPath { get; }

        /// <summary>Every request seen: (message type, flags of a sign request or 0).</summary>
        public ConcurrentQueue<(byte Type, uint Flags)> Requests { get; } = new ConcurrentQueue<(byte, uint)>();

        /// <summary>When set, every sign request is refused with SSH_AGENT_FAILURE.</summary>
        public bool RefuseToSign { get; set; }

        /// <summary>When set, the answer to REQUEST_IDENTITIES is these raw bytes (type byte first) instead of the real one.</summary>
        public byte[]? IdentitiesOverride { get; set; }

        public void Add(PrivateKeyFile key, string comment)
        {
            lock (_keys) _keys.Add((key, comment));
        }

        public static byte[] BlobOf(PrivateKeyFile key) => key.HostKeyAlgorithms.First().Data;

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket s;
                try { s = await _listener.AcceptAsync(_stop.Token); }
                catch (Exception) { return; }
                _ = Task.Run(() => Serve(s));
            }
        }

        private void Serve(Socket s)
        {
            using var stream = new NetworkStream(s, ownsSocket: true);
            try
            {
                while (true)
                {
                    var head = ReadExactly(stream, 4);
                    if (head == null) return;
                    int len = (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3];
                    var msg = ReadExactly(stream, len);
                    if (msg == null) return;
                    var reply = Handle(msg);
                    var frame = new byte[4 + reply.Length];
                    Put(frame, 0, (uint)reply.Length);
                    Buffer.BlockCopy(reply, 0, frame, 4, reply.Length);
                    stream.Write(frame, 0, frame.Length);
                }
            }
            catch (IOException) { }
        }

        private byte[] Handle(byte[] msg)
        {
            var failure = new byte[] { 5 };
            switch (msg[0])
            {
                case 11:
                {
                    Requests.Enqueue((11, 0));
                    if (IdentitiesOverride != null) return IdentitiesOverride;
                    var m = new MemoryStream();
                    m.WriteByte(12);
                    List<(PrivateKeyFile Key, string Comment)> keys;
                    lock (_keys) keys = _keys.ToList();
                    WriteU32(m, (uint)keys.Count);
                    foreach (var k in keys)
                    {
                        WriteString(m, BlobOf(k.Key));
                        WriteString(m, Encoding.UTF8.GetBytes(k.Comment));
                    }
                    return m.ToArray();
                }
                case 13:
                {
                    int at = 1;
                    var blob = ReadString(msg, ref at);
                    var data = ReadString(msg, ref at);
                    uint flags = ReadU32(msg, ref at);
                    Requests.Enqueue((13, flags));
                    if (RefuseToSign) return failure;
                    PrivateKeyFile? key;
                    lock (_keys) key = _keys.Select(k => k.Key).FirstOrDefault(k => BlobOf(k).AsSpan().SequenceEqual(blob));
                    if (key == null) return failure;
                    string keyType = Encoding.ASCII.GetString(blob, 4, (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3]);
                    string alg = keyType != "ssh-rsa" ? keyType : (flags & 4) != 0 ? "rsa-sha2-512" : (flags & 2) != 0 ? "rsa-sha2-256" : "ssh-rsa";
                    var host = key.HostKeyAlgorithms.First(h => h.Name == alg);
                    var m = new MemoryStream();
                    m.WriteByte(14);
                    WriteString(m, host.Sign(data));
                    return m.ToArray();
                }
                default:
                    Requests.Enqueue((msg[0], 0));
                    return failure;
            }
        }

        private static byte[]? ReadExactly(Stream s, int n)
        {
            var b = new byte[n];
            int got = 0;
            while (got < n)
            {
                int r = s.Read(b, got, n - got);
                if (r <= 0) return null;
                got += r;
            }
            return b;
        }

        private static void Put(byte[] b, int at, uint v)
        {
            b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v;
        }

        public static void WriteU32(Stream s, uint v)
        {
            var b = new byte[4];
            Put(b, 0, v);
            s.Write(b, 0, 4);
        }

        public static void WriteString(Stream s, byte[] v)
        {
            WriteU32(s, (uint)v.Length);
            s.Write(v, 0, v.Length);
        }

        private static uint ReadU32(byte[] b, ref int at)
        {
            uint v = ((uint)b[at] << 24) | ((uint)b[at + 1] << 16) | ((uint)b[at + 2] << 8) | b[at + 3];
            at += 4;
            return v;
        }

        private static byte[] ReadString(byte[] b, ref int at)
        {
            int len = (int)ReadU32(b, ref at);
            var v = b.AsSpan(at, len).ToArray();
            at += len;
            return v;
        }

        public void Dispose()
        {
            _stop.Cancel();
            try { _listener.Dispose(); } catch (Exception) { }
            try { _accepting.Wait(2000); } catch (Exception) { }
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }
    }
}
