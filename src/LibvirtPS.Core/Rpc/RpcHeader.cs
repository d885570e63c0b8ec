namespace LibvirtPS.Core.Rpc
{
    /// <summary>The 24-byte header that follows the length word of every packet.</summary>
    public readonly struct RpcHeader
    {
        public RpcHeader(uint program, uint version, int procedure, RpcMessageType type, uint serial, RpcStatus status)
        {
            Program = program;
            Version = version;
            Procedure = procedure;
            Type = type;
            Serial = serial;
            Status = status;
        }

        public uint Program { get; }
        public uint Version { get; }
        public int Procedure { get; }
        public RpcMessageType Type { get; }
        public uint Serial { get; }
        public RpcStatus Status { get; }

        public void WriteTo(XdrWriter w)
        {
            w.WriteUInt32(Program);
            w.WriteUInt32(Version);
            w.WriteInt32(Procedure);
            w.WriteInt32((int)Type);
            w.WriteUInt32(Serial);
            w.WriteInt32((int)Status);
        }

        public static RpcHeader ReadFrom(XdrReader r) =>
            new RpcHeader(r.ReadUInt32(), r.ReadUInt32(), r.ReadInt32(), (RpcMessageType)r.ReadInt32(), r.ReadUInt32(), (RpcStatus)r.ReadInt32());

        public override string ToString() =>
            "prog=0x" + Program.ToString("x8") + " vers=" + Version + " proc=" + Procedure + " type=" + Type + " serial=" + Serial + " status=" + Status;
    }
}
