using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>How far a transfer has come (read from any thread while it runs).</summary>
    public sealed class TransferProgress
    {
        private long _bytes;
        private long _holeBytes;

        /// <summary>Bytes moved so far, holes included.</summary>
        public long Bytes => Interlocked.Read(ref _bytes);

        /// <summary>Of <see cref="Bytes"/>, how many travelled as holes (sparse transfers).</summary>
        public long HoleBytes => Interlocked.Read(ref _holeBytes);

        internal void AddData(long n) => Interlocked.Add(ref _bytes, n);

        internal void AddHole(long n)
        {
            Interlocked.Add(ref _bytes, n);
            Interlocked.Add(ref _holeBytes, n);
        }
    }

    /// <summary>
    /// Moves volume content between a local stream and a libvirt stream, as virsh vol-upload/vol-download do
    /// (virStreamSendAll / virStreamRecvAll, or their sparse variants). Any failure or cancellation aborts the
    /// libvirt stream before the error is thrown, so the daemon is never left waiting.
    /// </summary>
    public static class StorageTransfer
    {
        /// <summary>Granularity of hole detection on upload: runs of zero blocks this size become holes.</summary>
        public const int HoleBlock = 4096;

        /// <summary>
        /// Sends everything in <paramref name="source"/>, then finishes the stream. With <paramref name="sparse"/>, holes
        /// are sent as holes (the stream must have been opened with VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM): a local
        /// file's holes as its file system reports them (Linux SEEK_DATA/SEEK_HOLE, never read, as virsh does),
        /// otherwise runs of all-zero <see cref="HoleBlock"/> blocks.
        /// </summary>
        public static async Task<long> UploadAsync(IDataStream stream, Stream source, bool sparse, TransferProgress? progress,
            TimeSpan finishTimeout, CancellationToken cancellationToken)
        {
            if (!sparse) return await UploadDenseAsync(stream, source, progress, finishTimeout, cancellationToken).ConfigureAwait(false);
            var extents = source.CanSeek ? SparseFileExtents.TryCreate(source) : null;
            if (extents != null) return await UploadExtentsAsync(stream, (FileStream)source, extents, progress, finishTimeout, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[RpcStream.ChunkSize - RpcStream.ChunkSize % HoleBlock];
            long total = 0;
            long pendingHole = 0;
            try
            {
                while (true)
                {
                    int n = await ReadFullAsync(source, buffer, cancellationToken).ConfigureAwait(false);
                    if (n == 0) break;
                    if (!sparse)
                    {
                        await stream.SendAsync(buffer, 0, n, cancellationToken).ConfigureAwait(false);
                        progress?.AddData(n);
                    }
                    else
                    {
                        int at = 0;
                        while (at < n)
                        {
                            int block = Math.Min(HoleBlock, n - at);
                            if (IsZero(buffer, at, block))
                            {
                                pendingHole += block;
                                at += block;
                                continue;
                            }
                            // a run of data blocks, sent in one go after the hole before it
                            int end = at + block;
                            while (end < n && !IsZero(buffer, end, Math.Min(HoleBlock, n - end))) end += Math.Min(HoleBlock, n - end);
                            if (pendingHole > 0)
                            {
                                await stream.SendHoleAsync(pendingHole, cancellationToken).ConfigureAwait(false);
                                progress?.AddHole(pendingHole);
                                pendingHole = 0;
                            }
                            await stream.SendAsync(buffer, at, end - at, cancellationToken).ConfigureAwait(false);
                            progress?.AddData(end - at);
                            at = end;
                        }
                    }
                    total += n;
                }
                if (pendingHole > 0)
                {
                    await stream.SendHoleAsync(pendingHole, cancellationToken).ConfigureAwait(false);
                    progress?.AddHole(pendingHole);
                }
                await stream.FinishAsync(finishTimeout, cancellationToken).ConfigureAwait(false);
                return total;
            }
            catch
            {
                await stream.AbortAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                throw;
            }
        }

        // Sparse upload of a local file whose holes the file system reports: holes are sent without being read, the
        // data runs as packets (virStreamSparseSendAll with virFileInData, what virsh vol-upload --sparse does).
        private static async Task<long> UploadExtentsAsync(IDataStream stream, FileStream source, SparseFileExtents extents, TransferProgress? progress,
            TimeSpan finishTimeout, CancellationToken cancellationToken)
        {
            var buffers = new[] { new byte[RpcStream.PacketOverhead + RpcStream.ChunkSize], new byte[RpcStream.PacketOverhead + RpcStream.ChunkSize] };
            long length = source.Length;
            long at = 0;
            int turn = 0;
            Task? sending = null;
            try
            {
                while (at < length)
                {
                    if (!extents.NextData(at, out long data)) throw new IOException("lseek(SEEK_DATA) failed on the source file");
                    if (data > at)
                    {
                        if (sending != null) await sending.ConfigureAwait(false);
                        sending = null;
                        await stream.SendHoleAsync(data - at, cancellationToken).ConfigureAwait(false);
                        progress?.AddHole(data - at);
                        at = data;
                        if (at >= length) break;
                    }
                    long end = extents.DataEnd(at);
                    source.Seek(at, SeekOrigin.Begin);
                    while (at < end)
                    {
                        var buffer = buffers[turn++ & 1];
                        int want = (int)Math.Min(RpcStream.ChunkSize, end - at);
                        int n = await ReadFullAsync(source, buffer, RpcStream.PacketOverhead, want, cancellationToken).ConfigureAwait(false);
                        if (sending != null) await sending.ConfigureAwait(false);
                        sending = null;
                        if (n == 0) { end = at; length = at; break; } // the file shrank meanwhile
                        sending = stream.SendPacketAsync(buffer, n, cancellationToken);
                        progress?.AddData(n);
                        at += n;
                    }
                }
                if (sending != null) await sending.ConfigureAwait(false);
                sending = null;
                await stream.FinishAsync(finishTimeout, cancellationToken).ConfigureAwait(false);
                return at;
            }
            catch
            {
                if (sending != null) { try { await sending.ConfigureAwait(false); } catch (Exception) { /* the abort below reports nothing more */ } }
                await stream.AbortAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                throw;
            }
        }

        // Dense upload: the file is read straight into packet buffers (no copy into a packet), and the next chunk is
        // read while the previous packet is being written (two buffers in turn).
        private static async Task<long> UploadDenseAsync(IDataStream stream, Stream source, TransferProgress? progress,
            TimeSpan finishTimeout, CancellationToken cancellationToken)
        {
            var buffers = new[] { new byte[RpcStream.PacketOverhead + RpcStream.ChunkSize], new byte[RpcStream.PacketOverhead + RpcStream.ChunkSize] };
            long total = 0;
            Task? sending = null;
            try
            {
                for (int i = 0; ; i++)
                {
                    var buffer = buffers[i & 1];
                    int n = await ReadFullAsync(source, buffer, RpcStream.PacketOverhead, RpcStream.ChunkSize, cancellationToken).ConfigureAwait(false);
                    if (sending != null) await sending.ConfigureAwait(false);
                    sending = null;
                    if (n == 0) break;
                    sending = stream.SendPacketAsync(buffer, n, cancellationToken);
                    total += n;
                    progress?.AddData(n);
                }
                await stream.FinishAsync(finishTimeout, cancellationToken).ConfigureAwait(false);
                return total;
            }
            catch
            {
                if (sending != null) { try { await sending.ConfigureAwait(false); } catch (Exception) { /* the abort below reports nothing more */ } }
                await stream.AbortAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// Writes what the stream delivers into <paramref name="destination"/> until the daemon's end, then finishes.
        /// Holes become seeks (with <paramref name="sparse"/>, on a file system that keeps them, the file stays
        /// sparse) or written zeros; the file ends at the last byte or hole. <paramref name="idleTimeout"/>: the
        /// longest wait for the next packet.
        /// </summary>
        public static Task<long> DownloadAsync(IDataStream stream, Stream destination, bool sparse, TransferProgress? progress,
            TimeSpan idleTimeout, CancellationToken cancellationToken) =>
            // Receive blocks (the stream's bounded queue); a dedicated thread keeps it off the thread pool
            Task.Factory.StartNew(() => Download(stream, destination, sparse, progress, idleTimeout, cancellationToken),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

        private static async Task<long> Download(IDataStream stream, Stream destination, bool sparse, TransferProgress? progress,
            TimeSpan idleTimeout, CancellationToken cancellationToken)
        {
            long total = 0;
            byte[]? zeros = null;
            try
            {
                while (true)
                {
                    var chunk = stream.Receive(idleTimeout, cancellationToken);
                    if (chunk.Kind == RpcStreamChunkKind.End) break;
                    if (chunk.Kind == RpcStreamChunkKind.Data)
                    {
                        destination.Write(chunk.Buffer!, chunk.Offset, chunk.Count);
                        total += chunk.Count;
                        progress?.AddData(chunk.Count);
                        continue;
                    }
                    long hole = chunk.HoleLength;
                    if (sparse && destination.CanSeek)
                    {
                        destination.Seek(hole, SeekOrigin.Current);
                    }
                    else
                    {
                        zeros = zeros ?? new byte[65536];
                        for (long left = hole; left > 0;)
                        {
                            int n = (int)Math.Min(zeros.Length, left);
                            destination.Write(zeros, 0, n);
                            left -= n;
                        }
                    }
                    total += hole;
                    progress?.AddHole(hole);
                }
                // a trailing hole was a seek: the length makes it part of the file
                if (destination.CanSeek && destination.Length < destination.Position) destination.SetLength(destination.Position);
                destination.Flush();
                await stream.FinishAsync(idleTimeout, cancellationToken).ConfigureAwait(false);
                return total;
            }
            catch
            {
                await stream.AbortAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                throw;
            }
        }

        private static Task<int> ReadFullAsync(Stream source, byte[] buffer, CancellationToken ct) => ReadFullAsync(source, buffer, 0, buffer.Length, ct);

        private static async Task<int> ReadFullAsync(Stream source, byte[] buffer, int offset, int count, CancellationToken ct)
        {
            int got = 0;
            while (got < count)
            {
                int n = await source.ReadAsync(buffer, offset + got, count - got, ct).ConfigureAwait(false);
                if (n == 0) break;
                got += n;
            }
            return got;
        }

        private static bool IsZero(byte[] buffer, int offset, int count)
        {
            int end = offset + count;
            int i = offset;
            // eight bytes at a time where aligned
            for (; i + 8 <= end; i += 8)
            {
                if (BitConverter.ToInt64(buffer, i) != 0) return false;
            }
            for (; i < end; i++)
            {
                if (buffer[i] != 0) return false;
            }
            return true;
        }
    }
}
