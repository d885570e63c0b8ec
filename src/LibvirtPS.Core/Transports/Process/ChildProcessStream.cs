using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// The duplex stream over a child's stdin (write) and stdout (read), as libvirt uses the ssh/ext child.
    /// Failures carry the child's stderr like libvirt's messages: when the child is gone and said something on stderr,
    /// Read throws an IOException whose message is <c>&lt;stderr&gt;: Connection reset by peer</c> (bytes we wrote were
    /// never read — what libvirt's socketpair reports then) or <c>&lt;stderr&gt;: Input/output error</c> (plain end of
    /// file), so the RPC client reports <c>Cannot recv data: &lt;stderr&gt;: …</c>. Dispose kills the child's process tree,
    /// reaps it, and unblocks a reader waiting in Read.
    /// </summary>
    internal sealed class ChildProcessStream : Stream
    {
        private static readonly ConcurrentDictionary<ChildProcessStream, byte> Live = new ConcurrentDictionary<ChildProcessStream, byte>();
        private static int _exitHooked;

        private readonly Process _process;
        private readonly Stream _stdin;
        private readonly Stream _stdout;
        private readonly Stream _stderr;
        private readonly StderrTail _errors;
        private readonly CancellationTokenSource _disposing = new CancellationTokenSource();
        private int _disposed;

        public ChildProcessStream(Process process)
        {
            _process = process;
            _stdin = process.StandardInput.BaseStream;
            _stdout = process.StandardOutput.BaseStream;
            _stderr = process.StandardError.BaseStream;
            _errors = new StderrTail(_stderr);
            Live.TryAdd(this, 0);
            if (Interlocked.Exchange(ref _exitHooked, 1) == 0)
            {
                // the host process ends (pwsh exit): no ssh child outlives it
                AppDomain.CurrentDomain.ProcessExit += (_, __) =>
                {
                    foreach (var s in Live.Keys) s.Dispose();
                };
            }
        }

        /// <summary>The child's pid.</summary>
        public int ProcessId { get; private set; } = -1;

        internal void SetPid(int pid) => ProcessId = pid;

        /// <summary>The last (up to 1024) bytes the child wrote on stderr, trailing white space removed.</summary>
        public string StderrText => _errors.Text;

        /// <summary>True once the child has exited (and was reaped).</summary>
        public bool HasExited
        {
            get
            {
                try { return _process.HasExited; }
                catch (InvalidOperationException) { return true; }
            }
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
            ThrowIfDisposed();
            int n;
            try
            {
                var t = _stdout.ReadAsync(buffer, offset, count, _disposing.Token);
                if (!t.IsCompleted)
                {
                    // Dispose cancels this wait even if the pipe read itself cannot be interrupted
                    try { t.Wait(_disposing.Token); }
                    catch (AggregateException) { }
                }
                n = t.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(ChildProcessStream));
            }
            catch (Exception e) when ((e is IOException || e is System.Net.Sockets.SocketException) && Volatile.Read(ref _disposed) == 0)
            {
                throw Failure(e.Message, e);
            }
            if (n > 0 || Volatile.Read(ref _disposed) != 0) return n;
            return EndOfFile();
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            int n;
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token))
            {
                try
                {
                    n = await _stdout.ReadAsync(buffer, offset, count, linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when ((e is IOException || e is System.Net.Sockets.SocketException) && Volatile.Read(ref _disposed) == 0)
                {
                    throw Failure(e.Message, e);
                }
            }
            if (n > 0 || Volatile.Read(ref _disposed) != 0) return n;
            return EndOfFile();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfDisposed();
            try
            {
                _stdin.Write(buffer, offset, count);
            }
            catch (Exception e) when ((e is IOException || e is System.Net.Sockets.SocketException) && Volatile.Read(ref _disposed) == 0)
            {
                throw Failure(e.Message, e);
            }
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            try
            {
                await _stdin.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when ((e is IOException || e is System.Net.Sockets.SocketException) && Volatile.Read(ref _disposed) == 0)
            {
                throw Failure(e.Message, e);
            }
        }

        public override void Flush()
        {
            ThrowIfDisposed();
            try { _stdin.Flush(); }
            catch (Exception e) when ((e is IOException || e is System.Net.Sockets.SocketException) && Volatile.Read(ref _disposed) == 0) { throw Failure(e.Message, e); }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            try { await _stdin.FlushAsync(cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when ((e is IOException || e is System.Net.Sockets.SocketException) && Volatile.Read(ref _disposed) == 0) { throw Failure(e.Message, e); }
        }

        /// <summary>stdout reached end of file: 0 (libvirt's "End of file while reading data: Input/output error"), or an IOException with stderr.</summary>
        private int EndOfFile()
        {
            WaitForChildAndStderr();
            string text = _errors.Text;
            bool unread = ChildProcess.UnreadBytes(_stdin) > 0;
            if (text.Length == 0 && !unread) return 0;
            string errno = unread ? "Connection reset by peer" : "Input/output error";
            string message = text.Length > 0 ? text + ": " + errno : errno;
            // EndOfStreamException (an IOException) marks libvirt's "End of file while reading data" case, so the RPC
            // client can pick that prefix; today it reports every IOException as "Cannot recv data: <message>"
            if (unread) throw new IOException(message);
            throw new EndOfStreamException(message);
        }

        private IOException Failure(string what, Exception inner)
        {
            WaitForChildAndStderr();
            string text = _errors.Text;
            return new IOException(text.Length > 0 ? text + ": " + what : what, inner);
        }

        /// <summary>The child closed stdout or a pipe broke: give it a moment to exit and flush its last words on stderr.</summary>
        private void WaitForChildAndStderr()
        {
            try { _process.WaitForExit(2000); }
            catch (InvalidOperationException) { }
            catch (SystemException) { }
            try { _errors.Completion.Wait(1000); }
            catch (AggregateException) { }
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(ChildProcessStream));
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            Live.TryRemove(this, out _);
            try { _disposing.Cancel(); } catch (ObjectDisposedException) { }
            try { _stdin.Dispose(); } catch (IOException) { } catch (ObjectDisposedException) { }
            ChildProcess.KillTree(_process);
            try { _process.WaitForExit(5000); } catch (InvalidOperationException) { } catch (SystemException) { }
            try { _stdout.Dispose(); } catch (IOException) { } catch (ObjectDisposedException) { }
            try { _errors.Completion.Wait(500); } catch (AggregateException) { }
            try { _stderr.Dispose(); } catch (IOException) { } catch (ObjectDisposedException) { }
            _process.Dispose();
            base.Dispose(disposing);
        }
    }
}
