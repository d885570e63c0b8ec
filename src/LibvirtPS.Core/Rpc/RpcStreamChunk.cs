namespace LibvirtPS.Core.Rpc
{
    /// <summary>What a download stream delivers next: data (a slice of a packet), a hole, or the end.</summary>
    public readonly struct RpcStreamChunk
    {
        private RpcStreamChunk(RpcStreamChunkKind kind, byte[]? buffer, int offset, int count, long holeLength)
        {
            Kind = kind;
            Buffer = buffer;
            Offset = offset;
            Count = count;
            HoleLength = holeLength;
        }

        public RpcStreamChunkKind Kind { get; }
        public byte[]? Buffer { get; }
        public int Offset { get; }
        public int Count { get; }

        /// <summary>For a hole: how many bytes of zeros it stands for.</summary>
        public long HoleLength { get; }

        public static RpcStreamChunk Data(byte[] buffer, int offset, int count) => new RpcStreamChunk(RpcStreamChunkKind.Data, buffer, offset, count, 0);
        public static RpcStreamChunk Hole(long length) => new RpcStreamChunk(RpcStreamChunkKind.Hole, null, 0, 0, length);
        public static RpcStreamChunk End => new RpcStreamChunk(RpcStreamChunkKind.End, null, 0, 0, 0);
    }

    public enum RpcStreamChunkKind
    {
        Data,
        Hole,
        End,
    }
}
