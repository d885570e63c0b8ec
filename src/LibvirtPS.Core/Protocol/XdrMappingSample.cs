using LibvirtPS.Core.Rpc;

// Not a libvirt message: one declaration that uses every mapping of the [XdrStruct] generator, so the tests can
// prove each one round-trips (test projects do not run the generator themselves). Internal; nothing sends it.
namespace LibvirtPS.Core.Protocol
{
    internal enum XdrSampleUnsignedEnum : uint
    {
        Zero = 0,
        High = 0xFFFFFFF0,
    }

    /// <summary>A value-type [XdrStruct], nested and optional.</summary>
    [XdrStruct]
    internal partial struct XdrSampleValue
    {
        public int A;
        public ulong B;
    }

    [XdrStruct]
    internal sealed partial class XdrMappingSample
    {
        // Scalars, fields and properties mixed (declaration order is wire order).
        public int Int32;
        public uint UInt32 { get; set; }
        public long Int64;
        public ulong UInt64 { get; set; }
        public bool Bool;
        public double Double { get; set; }
        public float Single;
        public byte UChar;
        public sbyte Char;
        public short Short;
        public ushort UShort;

        // Strings.
        public string Text = "";
        [XdrMax(8)] public string Bounded = "";
        [XdrOptional] public string? MaybeText;

        // Opaque and char arrays.
        [XdrMax(16)] public byte[] Opaque = new byte[0];
        [XdrFixed(6)] public byte[] Fixed6 = new byte[6];
        [XdrCharArray(3)] public byte[] FixedChars = new byte[3];
        [XdrCharArray, XdrMax(10)] public byte[] VarChars = new byte[0];
        [XdrOptional] public byte[]? MaybeOpaque;

        // Enums.
        public RemoteAuthType Enum;
        public XdrSampleUnsignedEnum UnsignedEnum;

        // Nested: generated class, generated struct, hand-written union; optional forms.
        public RemoteNonnullDomain Nested = new RemoteNonnullDomain();
        public XdrSampleValue NestedValue;
        public RemoteTypedParameter HandWritten = new RemoteTypedParameter();
        [XdrOptional] public RemoteNonnullDomain? MaybeNested;
        [XdrOptional] public XdrSampleValue? MaybeNestedValue;
        [XdrOptional] public int? MaybeInt;
        [XdrOptional] public RemoteAuthType? MaybeEnum;

        // Arrays.
        [XdrMax(4)] public int[] Ints = new int[0];
        public ulong[] Hypers = new ulong[0];
        public string[] Strings = new string[0];
        [XdrMax(3)] public RemoteNonnullDomain[] Domains = new RemoteNonnullDomain[0];
        public RemoteTypedParameter[] Params = new RemoteTypedParameter[0];
        public RemoteAuthType[] Enums = new RemoteAuthType[0];
        public XdrSampleValue[] Values = new XdrSampleValue[0];
        [XdrFixed(RemoteLimits.UuidLength)] public byte[][] Uuids = new byte[0][];
        public byte[][] Blobs = new byte[0][];
        [XdrMax(5)] public VoidMessage[] Empties = new VoidMessage[0];

        /// <summary>Computed: not on the wire.</summary>
        public int IntsCount => Ints.Length;
    }
}
