using System;
using System.Globalization;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Protocol
{
    /// <summary>
    /// <c>remote_typed_param</c>: a field name and a value of one of seven types (an XDR union on an int discriminant).
    /// Hand-written because it is a union; the generator nests it like any <see cref="IXdrSerializable"/>.
    /// <see cref="Value"/> holds an <see cref="int"/>, <see cref="uint"/>, <see cref="long"/>, <see cref="ulong"/>,
    /// <see cref="double"/>, <see cref="bool"/> or <see cref="string"/> matching <see cref="Type"/>.
    /// </summary>
    public sealed class RemoteTypedParameter : IXdrSerializable
    {
        public RemoteTypedParameter()
        {
            Field = "";
            Type = RemoteTypedParameterType.Int;
            Value = 0;
        }

        public RemoteTypedParameter(string field, RemoteTypedParameterType type, object value)
        {
            Field = field ?? throw new ArgumentNullException(nameof(field));
            Type = type;
            Value = Check(type, value);
        }

        public string Field { get; set; }

        public RemoteTypedParameterType Type { get; private set; }

        public object Value { get; private set; }

        public static RemoteTypedParameter FromInt(string field, int value) => new RemoteTypedParameter(field, RemoteTypedParameterType.Int, value);
        public static RemoteTypedParameter FromUInt(string field, uint value) => new RemoteTypedParameter(field, RemoteTypedParameterType.UInt, value);
        public static RemoteTypedParameter FromLLong(string field, long value) => new RemoteTypedParameter(field, RemoteTypedParameterType.LLong, value);
        public static RemoteTypedParameter FromULLong(string field, ulong value) => new RemoteTypedParameter(field, RemoteTypedParameterType.ULLong, value);
        public static RemoteTypedParameter FromDouble(string field, double value) => new RemoteTypedParameter(field, RemoteTypedParameterType.Double, value);
        public static RemoteTypedParameter FromBoolean(string field, bool value) => new RemoteTypedParameter(field, RemoteTypedParameterType.Boolean, value);
        public static RemoteTypedParameter FromString(string field, string value) => new RemoteTypedParameter(field, RemoteTypedParameterType.String, value);

        private static object Check(RemoteTypedParameterType type, object value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            Type expected;
            switch (type)
            {
                case RemoteTypedParameterType.Int: expected = typeof(int); break;
                case RemoteTypedParameterType.UInt: expected = typeof(uint); break;
                case RemoteTypedParameterType.LLong: expected = typeof(long); break;
                case RemoteTypedParameterType.ULLong: expected = typeof(ulong); break;
                case RemoteTypedParameterType.Double: expected = typeof(double); break;
                case RemoteTypedParameterType.Boolean: expected = typeof(bool); break;
                case RemoteTypedParameterType.String: expected = typeof(string); break;
                default: throw new ArgumentOutOfRangeException(nameof(type), type, "typed parameter type must be 1..7");
            }
            if (value.GetType() != expected)
                throw new ArgumentException("a " + type + " typed parameter holds a " + expected.Name + ", not a " + value.GetType().Name, nameof(value));
            return value;
        }

        public void WriteTo(XdrWriter w)
        {
            w.WriteString(Field ?? throw new XdrException("RemoteTypedParameter.Field is null"));
            w.WriteInt32((int)Type);
            switch (Type)
            {
                case RemoteTypedParameterType.Int: w.WriteInt32((int)Value); break;
                case RemoteTypedParameterType.UInt: w.WriteUInt32((uint)Value); break;
                case RemoteTypedParameterType.LLong: w.WriteInt64((long)Value); break;
                case RemoteTypedParameterType.ULLong: w.WriteUInt64((ulong)Value); break;
                case RemoteTypedParameterType.Double: w.WriteDouble((double)Value); break;
                case RemoteTypedParameterType.Boolean: w.WriteInt32((bool)Value ? 1 : 0); break;
                case RemoteTypedParameterType.String: w.WriteString((string)Value); break;
                default: throw new XdrException("typed parameter '" + Field + "' has invalid type " + (int)Type);
            }
        }

        public void ReadFrom(XdrReader r)
        {
            Field = r.ReadString();
            int type = r.ReadInt32();
            switch ((RemoteTypedParameterType)type)
            {
                case RemoteTypedParameterType.Int: Value = r.ReadInt32(); break;
                case RemoteTypedParameterType.UInt: Value = r.ReadUInt32(); break;
                case RemoteTypedParameterType.LLong: Value = r.ReadInt64(); break;
                case RemoteTypedParameterType.ULLong: Value = r.ReadUInt64(); break;
                case RemoteTypedParameterType.Double: Value = r.ReadDouble(); break;
                case RemoteTypedParameterType.Boolean: Value = r.ReadInt32() != 0; break;
                case RemoteTypedParameterType.String: Value = r.ReadString(); break;
                default: throw new XdrException("typed parameter '" + Field + "' has unknown type " + type.ToString(CultureInfo.InvariantCulture));
            }
            Type = (RemoteTypedParameterType)type;
        }

        public override string ToString() =>
            Field + "=" + (Value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : Value is bool b ? (b ? "yes" : "no") : Value.ToString());
    }
}
