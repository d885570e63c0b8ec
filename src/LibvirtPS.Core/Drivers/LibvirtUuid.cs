using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// libvirt sends UUIDs as 16 bytes in RFC 4122 (big-endian) order; <see cref="Guid"/>'s byte form is
    /// little-endian in its first three fields, so the bytes are swapped on the way in and out.
    /// </summary>
    public static class LibvirtUuid
    {
        public static Guid FromBytes(byte[] b)
        {
            if (b == null || b.Length != 16) throw new ArgumentException("a libvirt UUID is 16 bytes", nameof(b));
            var g = new byte[16];
            g[0] = b[3]; g[1] = b[2]; g[2] = b[1]; g[3] = b[0];
            g[4] = b[5]; g[5] = b[4];
            g[6] = b[7]; g[7] = b[6];
            Buffer.BlockCopy(b, 8, g, 8, 8);
            return new Guid(g);
        }

        public static byte[] ToBytes(Guid uuid)
        {
            var g = uuid.ToByteArray();
            var b = new byte[16];
            b[0] = g[3]; b[1] = g[2]; b[2] = g[1]; b[3] = g[0];
            b[4] = g[5]; b[5] = g[4];
            b[6] = g[7]; b[7] = g[6];
            Buffer.BlockCopy(g, 8, b, 8, 8);
            return b;
        }
    }
}
