using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// Drains a child's stderr continuously (so the child never blocks on a full pipe) and keeps the last
    /// <see cref="Limit"/> bytes, which go into the error message when the connection fails (libvirt reads at most
    /// 1024 bytes of the ssh child's stderr for the same purpose).
    /// </summary>
    internal sealed class StderrTail
    {
        public const int Limit = 1024;

        private readonly byte[] _ring = new byte[Limit];
        private readonly object _lock = new object();
        private long _total;
        private readonly Task _pump;

        public StderrTail(Stream stderr)
        {
            _pump = Task.Factory.StartNew(() => Pump(stderr), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Completes when stderr reached end of file (every writer closed it) or failed.</summary>
        public Task Completion => _pump;

        /// <summary>Total bytes seen.</summary>
        public long Total { get { lock (_lock) return _total; } }

        private void Pump(Stream stderr)
        {
            var buf = new byte[4096];
            try
            {
                while (true)
                {
                    int n = stderr.Read(buf, 0, buf.Length);
                    if (n <= 0) return;
                    Append(buf, n);
                }
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
            catch (InvalidOperationException) { }
        }

        internal void Append(byte[] data, int count)
        {
            lock (_lock)
            {
                for (int i = 0; i < count; i++) _ring[(_total + i) % Limit] = data[i];
                _total += count;
            }
        }

        /// <summary>The kept bytes as text (UTF-8), trailing white space removed like libvirt does ("" when nothing).</summary>
        public string Text
        {
            get
            {
                byte[] bytes;
                lock (_lock)
                {
                    int len = (int)Math.Min(_total, Limit);
                    bytes = new byte[len];
                    long first = _total - len;
                    for (int i = 0; i < len; i++) bytes[i] = _ring[(first + i) % Limit];
                }
                string s = new UTF8Encoding(false, false).GetString(bytes);
                // a cut in the middle of a UTF-8 sequence leaves a replacement char at the start
                s = s.TrimStart('\uFFFD');
                return s.TrimEnd(' ', '\t', '\r', '\n', '\v', '\f');
            }
        }
    }
}
