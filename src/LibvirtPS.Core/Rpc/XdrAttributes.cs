using System;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>
    /// Marks a partial class as an XDR struct: the generator writes <see cref="IXdrSerializable"/> for it,
    /// encoding its public fields and settable properties in declaration order.
    /// Mapping: int/uint/long(hyper)/ulong/bool(int)/double/float; string = XDR string; byte[] = variable opaque;
    /// other [XdrStruct] types nested; arrays of those = variable arrays.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
    public sealed class XdrStructAttribute : Attribute { }

    /// <summary>An XDR optional ("pointer", <c>T *x</c>): a 0/1 word, then the value when 1. Null is absent.</summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
    public sealed class XdrOptionalAttribute : Attribute { }

    /// <summary>A fixed-length opaque (<c>opaque x[N]</c>, e.g. a 16-byte UUID): N raw bytes, padded, no length word.</summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
    public sealed class XdrFixedAttribute : Attribute
    {
        public XdrFixedAttribute(int length) { Length = length; }
        public int Length { get; }
    }

    /// <summary>The upper bound of a variable array, opaque or string (<c>x&lt;N&gt;</c>); longer input is a protocol error.</summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
    public sealed class XdrMaxAttribute : Attribute
    {
        public XdrMaxAttribute(int max) { Max = max; }
        public int Max { get; }
    }

    /// <summary>
    /// A C <c>char</c> array on the wire: each byte travels as a 4-byte XDR int (libvirt's rpcgen quirk).
    /// With <see cref="FixedLength"/> &gt; 0 it is <c>char x[N]</c> (no count word), else <c>char x&lt;N&gt;</c>.
    /// The field type is byte[].
    /// </summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
    public sealed class XdrCharArrayAttribute : Attribute
    {
        public XdrCharArrayAttribute(int fixedLength = 0) { FixedLength = fixedLength; }
        public int FixedLength { get; }
    }
}
