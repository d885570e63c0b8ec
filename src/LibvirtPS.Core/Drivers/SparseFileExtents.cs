using System;
using System.IO;
using System.Runtime.InteropServices;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// Where a local file's data and holes are, from the file system (lseek SEEK_DATA / SEEK_HOLE), as libvirt's
    /// virFileInData does for virsh vol-upload --sparse: holes are never read. Linux only; elsewhere (or on a file
    /// system without the calls) <see cref="TryCreate"/> returns null and the caller looks for zero runs instead.
    /// </summary>
    internal sealed class SparseFileExtents
    {
        private const int SeekData = 3, SeekHole = 4;
        private const int ENXIO = 6;
        private readonly FileStream _file;
        private readonly int _fd;

        private SparseFileExtents(FileStream file, int fd)
        {
            _file = file;
            _fd = fd;
        }

        [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
        private static extern long LSeek(int fd, long offset, int whence);

        public static SparseFileExtents? TryCreate(Stream source)
        {
            if (!(source is FileStream fs) || !RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || IntPtr.Size != 8) return null;
            try
            {
                int fd = fs.SafeFileHandle.DangerousGetHandle().ToInt32();
                var map = new SparseFileExtents(fs, fd);
                // a file system without SEEK_DATA answers EINVAL: fall back
                return map.NextData(0, out _) ? map : (fs.Length == 0 ? map : null);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is IOException)
            {
                return null;
            }
        }

        /// <summary>
        /// The next data at or after <paramref name="offset"/>: true with its start, or true with the file length when
        /// only a hole remains; false when the call is not supported.
        /// </summary>
        public bool NextData(long offset, out long dataStart)
        {
            long length = _file.Length;
            if (offset >= length) { dataStart = length; return true; }
            long r = LSeek(_fd, offset, SeekData);
            if (r < 0)
            {
                dataStart = length;
                return Marshal.GetLastWin32Error() == ENXIO; // ENXIO: no data after offset (a trailing hole)
            }
            dataStart = r;
            return true;
        }

        /// <summary>The end of the data run starting at <paramref name="offset"/> (the next hole, or the end of the file).</summary>
        public long DataEnd(long offset)
        {
            long r = LSeek(_fd, offset, SeekHole);
            return r < 0 ? _file.Length : Math.Min(r, _file.Length);
        }
    }
}
