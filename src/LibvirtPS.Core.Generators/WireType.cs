namespace LibvirtPS.Core.Generators
{
    internal enum WireKind
    {
        /// <summary>A 4- or 8-byte scalar; <see cref="WireType.Primitive"/> says which.</summary>
        Primitive,
        String,
        Opaque,
        FixedOpaque,
        CharArray,
        FixedCharArray,
        Enum,
        Nested,
        Array,
        Optional,
    }

    internal enum PrimitiveKind
    {
        Int32,
        UInt32,
        Int64,
        UInt64,
        Bool,
        Double,
        Single,
        /// <summary>C <c>unsigned char</c>: a 4-byte unsigned int on the wire.</summary>
        Byte,
        /// <summary>C <c>char</c>: a 4-byte int on the wire.</summary>
        SByte,
        /// <summary>C <c>short</c>: a 4-byte int on the wire.</summary>
        Int16,
        /// <summary>C <c>unsigned short</c>: a 4-byte unsigned int on the wire.</summary>
        UInt16,
    }

    /// <summary>How one C# member (or array element) travels in XDR. Built by <see cref="XdrTypeMapper"/>.</summary>
    internal sealed class WireType
    {
        private WireType(WireKind kind) { Kind = kind; }

        public WireKind Kind { get; private set; }
        public PrimitiveKind Primitive { get; private set; }

        /// <summary>Fully qualified C# type name (enums, nested types, array elements).</summary>
        public string TypeName { get; private set; } = "";

        /// <summary>Fixed length (fixed opaque, fixed char array) or upper bound (string, opaque, char array, array); null = no bound.</summary>
        public int? Length { get; private set; }

        /// <summary>Enums whose underlying type is unsigned travel as unsigned int.</summary>
        public bool Unsigned { get; private set; }

        /// <summary>Nested value types need no null check; nullable value types read .Value.</summary>
        public bool IsValueType { get; private set; }

        /// <summary>Array element or optional value.</summary>
        public WireType? Inner { get; private set; }

        /// <summary>The fewest bytes one value can take on the wire (used to check array counts against the bytes left).</summary>
        public int MinSize { get; private set; }

        public static WireType Prim(PrimitiveKind p) => new WireType(WireKind.Primitive)
        {
            Primitive = p,
            MinSize = p == PrimitiveKind.Int64 || p == PrimitiveKind.UInt64 || p == PrimitiveKind.Double ? 8 : 4,
        };

        public static WireType Str(int? max) => new WireType(WireKind.String) { Length = max, MinSize = 4 };
        public static WireType Opaque(int? max) => new WireType(WireKind.Opaque) { Length = max, MinSize = 4 };
        public static WireType FixedOpaque(int n) => new WireType(WireKind.FixedOpaque) { Length = n, MinSize = (n + 3) & ~3 };
        public static WireType CharArray(int max) => new WireType(WireKind.CharArray) { Length = max, MinSize = 4 };
        public static WireType FixedCharArray(int n) => new WireType(WireKind.FixedCharArray) { Length = n, MinSize = 4 * n };
        public static WireType Enum(string typeName, bool unsigned) => new WireType(WireKind.Enum) { TypeName = typeName, Unsigned = unsigned, MinSize = 4 };

        public static WireType Nested(string typeName, bool isValueType, int minSize) =>
            new WireType(WireKind.Nested) { TypeName = typeName, IsValueType = isValueType, MinSize = minSize };

        public static WireType Array(WireType element, string elementTypeName, int? max) =>
            new WireType(WireKind.Array) { Inner = element, TypeName = elementTypeName, Length = max, MinSize = 4 };

        public static WireType Optional(WireType value, bool nullableValueType) =>
            new WireType(WireKind.Optional) { Inner = value, IsValueType = nullableValueType, MinSize = 4 };
    }
}
