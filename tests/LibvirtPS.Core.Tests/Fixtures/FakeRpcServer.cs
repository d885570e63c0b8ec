using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Tests.Fixtures
{
    /// <summary>A call as the fake server read it off the wire.</summary>
    public sealed record FakeCall(uint Program, uint Version, int Procedure, int Type, uint Serial, int Status, byte[] Payload);

    /// <summary>
    /// A misbehaving libvirt peer on 127.0.0.1 (TcpListener): each accepted connection is handed to a script that
    /// reads calls and writes whatever bytes the test wants (garbage, bad lengths, wrong serials, nothing at all).
    /// Framing is written by hand here, independent of the client code under test.
    /// </summary>
    public sealed class FakeRpcServer : IDisposable
    {
        public const uint RemoteProgram = 0x20008086;
        public const uint KeepAliveProgram = 0x6b656570;

        private readonly TcpListener _listener;
        private readonly Func<FakeRpcConnection, CancellationToken, Task> _script;
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private readonly List<FakeRpcConnection> _connections = new List<FakeRpcConnection>();
        private readonly List<Task> _tasks = new List<Task>();
        private readonly Task _acceptLoop;

        public FakeRpcServer(Func<FakeRpcConnection, CancellationToken, Task> script)
        {
            _script = script;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        public int Port { get; }

        public string TcpUri => "test+tcp://127.0.0.1:" + Port + "/default";

        /// <summary>Exceptions thrown by scripts (other than the connection closing), for diagnostics.</summary>
        public List<Exception> ScriptErrors { get; } = new List<Exception>();

        /// <summary>A client connected to the fake server (TCP, Nagle off).</summary>
        public async Task<NetworkStream> ConnectAsync(CancellationToken ct)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), ct).ConfigureAwait(false);
            return new NetworkStream(s, ownsSocket: true);
        }

        private async Task AcceptLoopAsync()
        {
            while (!_cts.IsCancellationRequested)
            {
                Socket s;
                try
                {
                    s = await _listener.AcceptSocketAsync(_cts.Token).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    if (_cts.IsCancellationRequested) return;
                    continue;
                }
                s.NoDelay = true;
                var conn = new FakeRpcConnection(new NetworkStream(s, ownsSocket: true));
                lock (_connections)
                {
                    _connections.Add(conn);
                    _tasks.Add(Task.Run(async () =>
                    {
                        try
                        {
                            await _script(conn, _cts.Token).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is IOException || e is OperationCanceledException || e is ObjectDisposedException || e is EndOfStreamException)
                        {
                        }
                        catch (Exception e)
                        {
                            lock (ScriptErrors) ScriptErrors.Add(e);
                        }
                    }));
                }
            }
        }

        public void Dispose()
        {
            _cts.Cancel();
            try { _listener.Stop(); } catch (Exception) { }
            Task[] tasks;
            lock (_connections)
            {
                foreach (var c in _connections) c.Dispose();
                tasks = _tasks.ToArray();
            }
            try { Task.WaitAll(tasks, 2000); } catch (Exception) { }
            try { _acceptLoop.Wait(2000); } catch (Exception) { }
        }

        // ------------------------------------------------------------------------------------------------
        // Packet builders (big-endian XDR, length word counts itself)

        public static byte[] Packet(uint program, uint version, int procedure, int type, uint serial, int status, byte[]? payload = null)
        {
            payload ??= Array.Empty<byte>();
            var b = new byte[28 + payload.Length];
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(0), (uint)b.Length);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), program);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), version);
            BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(12), procedure);
            BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(16), type);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), serial);
            BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(24), status);
            payload.CopyTo(b, 28);
            return b;
        }

        /// <summary>An OK reply (type 1, status 0) to <paramref name="call"/>, optionally with another serial.</summary>
        public static byte[] Reply(FakeCall call, byte[]? payload = null, uint? serial = null) =>
            Packet(call.Program, call.Version, call.Procedure, 1, serial ?? call.Serial, 0, payload);

        /// <summary>XDR string (length, bytes, zero padding).</summary>
        public static byte[] XdrString(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            int padded = (bytes.Length + 3) & ~3;
            var b = new byte[4 + padded];
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(0), (uint)bytes.Length);
            bytes.CopyTo(b, 4);
            return b;
        }

        public static byte[] XdrInt(int v)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(b, v);
            return b;
        }

        public static byte[] Concat(params byte[][] parts)
        {
            var ms = new MemoryStream();
            foreach (var p in parts) ms.Write(p, 0, p.Length);
            return ms.ToArray();
        }
    }

    /// <summary>One accepted connection of a <see cref="FakeRpcServer"/>.</summary>
    public sealed class FakeRpcConnection : IDisposable
    {
        private readonly NetworkStream _stream;

        internal FakeRpcConnection(NetworkStream stream) { _stream = stream; }

        /// <summary>Reads one packet; throws EndOfStreamException when the client closed.</summary>
        public async Task<FakeCall> ReadCallAsync(CancellationToken ct)
        {
            var len = new byte[4];
            await _stream.ReadExactlyAsync(len, ct).ConfigureAwait(false);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(len);
            if (length < 28 || length > 33554436) throw new InvalidDataException("client sent a packet of length " + length);
            var body = new byte[length - 4];
            await _stream.ReadExactlyAsync(body, ct).ConfigureAwait(false);
            return new FakeCall(
                BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(0)),
                BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(4)),
                BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(8)),
                BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(12)),
                BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16)),
                BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(20)),
                body.AsSpan(24).ToArray());
        }

        /// <summary>Reads packets until one that is a CALL (keepalive MESSAGEs from the client are skipped).</summary>
        public async Task<FakeCall> ReadNextCallAsync(CancellationToken ct)
        {
            while (true)
            {
                var c = await ReadCallAsync(ct).ConfigureAwait(false);
                if (c.Type == 0) return c;
            }
        }

        public async Task WriteAsync(byte[] bytes, CancellationToken ct)
        {
            await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
        }

        /// <summary>Keeps the connection open and silent (reads and ignores whatever arrives) until cancelled or the client closes.</summary>
        public async Task SwallowAsync(CancellationToken ct)
        {
            var buffer = new byte[4096];
            while (await _stream.ReadAsync(buffer, ct).ConfigureAwait(false) > 0) { }
        }

        public void Close() => Dispose();

        public void Dispose()
        {
            try { _stream.Dispose(); } catch (Exception) { }
        }
    }
}
