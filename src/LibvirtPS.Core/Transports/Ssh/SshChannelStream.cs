using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;

namespace LibvirtPS.Core.Transports.Ssh
{
    /// <summary>
    /// The duplex stream over an SSH exec channel: reads come from the command's stdout as they arrive
    /// (SSH.NET buffers per packet, never whole messages), writes go out as channel data at once. End of
    /// stream with something on the command's stderr becomes an IOException carrying that text (the way
    /// libvirt shows the remote side's complaint, e.g. "nc: command not found"). Dispose closes the channel
    /// and the session and unblocks a pending Read.
    /// </summary>
    internal sealed class SshChannelStream : Stream
    {
        private readonly SshClient _client;
        private readonly SshCommand _command;
        private readonly Task _execution;
        private readonly Stream _input;
        private readonly Stream _output;
        private readonly object _writeLock = new object();
        private int _disposed;

        internal SshChannelStream(SshClient client, SshCommand command, Task execution, Stream input)
        {
            _client = client;
            _command = command;
            _execution = execution;
            _input = input;
            _output = command.OutputStream;
        }

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Volatile.Read(ref _disposed) != 0) return 0;
            int n;
            try
            {
                n = _output.Read(buffer, offset, count);
            }
            catch (ObjectDisposedException)
            {
                n = 0;
            }
            if (n == 0 && Volatile.Read(ref _disposed) == 0)
            {
                string? why = RemoteComplaint();
                if (why != null) throw new IOException(why);
            }
            return n;
        }

        /// <summary>What the remote command said on stderr, or its exit status, once it ended (null: nothing to add).</summary>
        private string? RemoteComplaint()
        {
            try
            {
                _execution.Wait(TimeSpan.FromSeconds(1));
            }
            catch (AggregateException) { }
            try
            {
                var err = _command.ExtendedOutputStream;
                var sb = new StringBuilder();
                if (_execution.IsCompleted)
                {
                    var buf = new byte[1024];
                    // after the command ended the stderr pipe holds everything and then reports its end
                    int m;
                    while (sb.Length < 1024 && (m = err.Read(buf, 0, buf.Length)) > 0) sb.Append(Encoding.UTF8.GetString(buf, 0, m));
                }
                string text = sb.ToString().Trim();
                if (text.Length > 0) return text;
                if (_execution.IsCompleted && _command.ExitStatus is int status && status != 0)
                    return "the remote command exited with status " + status;
            }
            catch (Exception e) when (e is ObjectDisposedException || e is InvalidOperationException) { }
            return null;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(SshChannelStream));
            lock (_writeLock) _input.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            // channel writes hand the data to the session's socket at once; doing it inline saves a thread hop per message
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                Write(buffer, offset, count);
                return Task.CompletedTask;
            }
            catch (Exception e)
            {
                var tcs = new TaskCompletionSource<bool>();
                tcs.SetException(e is ObjectDisposedException || e is IOException || e is OperationCanceledException ? e : new IOException(e.Message, e));
                return tcs.Task;
            }
        }

        public override void Flush()
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            lock (_writeLock) _input.Flush();
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flush();
            return Task.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Quietly(() => _output.Dispose());   // a blocked Read returns 0
                Quietly(() => _input.Dispose());    // EOF to the remote command (no lock: a write may be stuck)
                Quietly(() => _command.Dispose());
                Quietly(() => _client.Disconnect());
                Quietly(() => _client.Dispose());
            }
            base.Dispose(disposing);
        }

        private static void Quietly(Action a)
        {
            try { a(); } catch (Exception) { /* closing: nothing useful to report */ }
        }
    }
}
