using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// A NetworkStream whose every operation is a plain blocking system call, async methods included (they complete
    /// synchronously).
    /// <para>
    /// Why: on Linux and macOS, .NET switches a socket's descriptor to non-blocking for good at its first async
    /// operation, and from then on a synchronous Receive that has to wait is emulated: the runtime's epoll thread wakes
    /// on the data and then wakes the blocked reader. Every reply then costs two thread wake-ups in this process before
    /// the RPC reader thread even sees it. With the descriptor kept blocking, the kernel wakes the reader thread
    /// directly — half the context switches per packet, which is most of a warm round trip's client CPU and of a
    /// bulk listing's (thousands of small replies).
    /// </para>
    /// <para>
    /// Writes are RPC packets from the caller's thread: a local socket takes them at once unless its buffer is full
    /// (the daemon is not reading), in which case the writer waits in the kernel, as with libvirt's own client.
    /// Disposing the stream (a dead connection, a close) unblocks a pending Receive or Send.
    /// </para>
    /// </summary>
    internal sealed class BlockingNetworkStream : NetworkStream
    {
        public BlockingNetworkStream(Socket socket) : base(socket, ownsSocket: true)
        {
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<int>(cancellationToken);
            try
            {
                return Task.FromResult(Read(buffer, offset, count));
            }
            catch (Exception e)
            {
                return Task.FromException<int>(e);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
            try
            {
                Write(buffer, offset, count);
                return Task.CompletedTask;
            }
            catch (Exception e)
            {
                return Task.FromException(e);
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        // the APM pair would use the socket's async machinery (and make the descriptor non-blocking)
        public override IAsyncResult BeginRead(byte[] buffer, int offset, int size, AsyncCallback? callback, object? state) =>
            Apm(ReadAsync(buffer, offset, size, CancellationToken.None), callback, state);

        public override int EndRead(IAsyncResult asyncResult) => ((Task<int>)asyncResult).GetAwaiter().GetResult();

        public override IAsyncResult BeginWrite(byte[] buffer, int offset, int size, AsyncCallback? callback, object? state) =>
            Apm(WriteAsync(buffer, offset, size, CancellationToken.None), callback, state);

        public override void EndWrite(IAsyncResult asyncResult) => ((Task<int>)asyncResult).GetAwaiter().GetResult();

        // the tasks here are already complete
        private static IAsyncResult Apm(Task task, AsyncCallback? callback, object? state)
        {
            var tcs = new TaskCompletionSource<int>(state);
            if (task.IsFaulted) tcs.SetException(task.Exception!.InnerExceptions);
            else if (task.IsCanceled) tcs.SetCanceled();
            else tcs.SetResult(task is Task<int> read ? read.Result : 0);
            callback?.Invoke(tcs.Task);
            return tcs.Task;
        }
    }
}
