using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Tests.Fixtures
{
    /// <summary>
    /// A TCP relay on 127.0.0.1 in front of another 127.0.0.1 port, for network-fault tests: it forwards bytes both
    /// ways until <see cref="Blackhole"/> is called; from then on it reads and discards everything in both
    /// directions while keeping every socket open — to both ends the peer has gone silent (a dead host or cable),
    /// but nothing is closed or reset. <see cref="Sever"/> closes all sockets instead.
    /// </summary>
    public sealed class LoopbackRelay : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly int _targetPort;
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private readonly List<Socket> _sockets = new List<Socket>();
        private readonly Task _acceptLoop;
        private volatile bool _blackholed;
        private long _forwarded;
        private long _discarded;

        public LoopbackRelay(int targetPort)
        {
            _targetPort = targetPort;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        /// <summary>The relay's own port on 127.0.0.1.</summary>
        public int Port { get; }

        // every byte forwarded, both directions, for tests that inspect the wire
        private readonly System.IO.MemoryStream _recorded = new System.IO.MemoryStream();

        /// <summary>A copy of every byte the relay forwarded so far (both directions, in arrival order).</summary>
        public byte[] Recorded { get { lock (_recorded) return _recorded.ToArray(); } }

        /// <summary>Bytes forwarded so far (both directions).</summary>
        public long Forwarded => Interlocked.Read(ref _forwarded);

        /// <summary>Bytes swallowed since <see cref="Blackhole"/>.</summary>
        public long Discarded => Interlocked.Read(ref _discarded);

        public int Connections { get { lock (_sockets) return _sockets.Count / 2; } }

        /// <summary>Stop forwarding from now on (both directions); sockets stay open.</summary>
        public void Blackhole() => _blackholed = true;

        /// <summary>Close every relayed connection (both sides see the socket close).</summary>
        public void Sever()
        {
            lock (_sockets)
            {
                foreach (var s in _sockets) CloseQuietly(s);
                _sockets.Clear();
            }
        }

        private async Task AcceptLoopAsync()
        {
            while (!_cts.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync(_cts.Token).ConfigureAwait(false);
                }
                catch (Exception) when (_cts.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue;
                }
                client.NoDelay = true;
                var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), _cts.Token).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    CloseQuietly(client);
                    CloseQuietly(upstream);
                    continue;
                }
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(upstream);
                }
                _ = Task.Run(() => PumpAsync(client, upstream));
                _ = Task.Run(() => PumpAsync(upstream, client));
            }
        }

        private async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[65536];
            try
            {
                while (!_cts.IsCancellationRequested)
                {
                    int n = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _cts.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        if (!_blackholed) try { to.Shutdown(SocketShutdown.Send); } catch (Exception) { }
                        return;
                    }
                    if (_blackholed)
                    {
                        Interlocked.Add(ref _discarded, n);
                        continue;
                    }
                    lock (_recorded) _recorded.Write(buffer, 0, n);
                    int sent = 0;
                    while (sent < n) sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, _cts.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _forwarded, n);
                }
            }
            catch (Exception)
            {
                // one side closed or the relay was disposed
                if (!_blackholed)
                {
                    CloseQuietly(from);
                    CloseQuietly(to);
                }
            }
        }

        private static void CloseQuietly(Socket s)
        {
            try { s.Dispose(); } catch (Exception) { }
        }

        public void Dispose()
        {
            _cts.Cancel();
            try { _listener.Stop(); } catch (Exception) { }
            Sever();
            try { _acceptLoop.Wait(2000); } catch (Exception) { }
            _cts.Dispose();
        }
    }
}
