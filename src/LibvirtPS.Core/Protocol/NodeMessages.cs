using System.Text;
using LibvirtPS.Core.Rpc;

// Host (node) calls of the REMOTE program (remote_node_*).
namespace LibvirtPS.Core.Protocol
{
    /// <summary>
    /// NODE_GET_INFO (6) ret. <see cref="Model"/> is <c>char model[32]</c>: 32 four-byte words, NUL padded.
    /// <see cref="Memory"/> is in KiB.
    /// </summary>
    [XdrStruct]
    public sealed partial class NodeGetInfoRet
    {
        [XdrCharArray(32)]
        public byte[] Model { get; set; } = new byte[32];

        public ulong Memory { get; set; }

        public int Cpus { get; set; }

        public int Mhz { get; set; }

        public int Nodes { get; set; }

        public int Sockets { get; set; }

        public int Cores { get; set; }

        public int Threads { get; set; }

        /// <summary><see cref="Model"/> up to its first NUL.</summary>
        public string ModelString => CharArrays.ToText(Model);
    }

    /// <summary>NODE_GET_SECURITY_MODEL (122) ret: both char arrays carry their terminating NUL.</summary>
    [XdrStruct]
    public sealed partial class NodeGetSecurityModelRet
    {
        [XdrCharArray]
        [XdrMax(RemoteLimits.SecurityModelMax)]
        public byte[] Model { get; set; } = new byte[0];

        [XdrCharArray]
        [XdrMax(RemoteLimits.SecurityDoiMax)]
        public byte[] Doi { get; set; } = new byte[0];

        public string ModelString => CharArrays.ToText(Model);

        public string DoiString => CharArrays.ToText(Doi);
    }

    /// <summary>Reading C <c>char</c> arrays (NUL-terminated or NUL-padded) as text.</summary>
    internal static class CharArrays
    {
        public static string ToText(byte[]? bytes)
        {
            if (bytes == null) return "";
            int n = System.Array.IndexOf(bytes, (byte)0);
            return Encoding.UTF8.GetString(bytes, 0, n < 0 ? bytes.Length : n);
        }
    }
}
