using System.Globalization;
using System.Text;

namespace LibvirtPS.Core.Generators
{
    /// <summary>Writes the statements that encode and decode one member, given its <see cref="WireType"/>.</summary>
    internal sealed class XdrCodeWriter
    {
        private const string Rpc = "global::LibvirtPS.Core.Rpc.";
        private readonly StringBuilder _sb;
        private int _indent;
        private int _temp;

        public XdrCodeWriter(StringBuilder sb, int indent)
        {
            _sb = sb;
            _indent = indent;
        }

        private void Line(string text) => _sb.Append(' ', _indent * 4).Append(text).Append('\n');

        private string Temp(string prefix) => "__" + prefix + (_temp++).ToString(CultureInfo.InvariantCulture);

        private static string Literal(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string NullCheck(string expr, string label) =>
            "(" + expr + " ?? throw new " + Rpc + "XdrException(" + Literal(label + " is null; only [XdrOptional] members may be null") + "))";

        // ---------------------------------------------------------------- encode

        public void Write(WireType t, string expr, string label, bool knownNonNull = false)
        {
            string Checked(string e) => knownNonNull ? e : NullCheck(e, label);
            switch (t.Kind)
            {
                case WireKind.Primitive:
                    Line(WritePrimitive(t.Primitive, expr));
                    break;
                case WireKind.String:
                    Line("w.WriteString(" + Checked(expr) + (t.Length != null ? ", " + Int(t.Length.Value) : "") + ");");
                    break;
                case WireKind.Opaque:
                    Line("w.WriteOpaque(" + Checked(expr) + (t.Length != null ? ", " + Int(t.Length.Value) : "") + ");");
                    break;
                case WireKind.FixedOpaque:
                    Line("w.WriteFixedOpaque(" + Checked(expr) + ", " + Int(t.Length!.Value) + ");");
                    break;
                case WireKind.CharArray:
                    Line("w.WriteCharArray(" + Checked(expr) + ", " + Int(t.Length!.Value) + ");");
                    break;
                case WireKind.FixedCharArray:
                    Line("w.WriteFixedCharArray(" + Checked(expr) + ", " + Int(t.Length!.Value) + ");");
                    break;
                case WireKind.Enum:
                    Line(t.Unsigned ? "w.WriteUInt32((uint)" + expr + ");" : "w.WriteInt32((int)" + expr + ");");
                    break;
                case WireKind.Nested:
                    Line((t.IsValueType ? expr : Checked(expr)) + ".WriteTo(w);");
                    break;
                case WireKind.Array:
                {
                    string a = Temp("a"), e = Temp("e");
                    Line("{");
                    _indent++;
                    Line("var " + a + " = " + NullCheck(expr, label) + ";");
                    if (t.Length != null)
                    {
                        Line("if (" + a + ".Length > " + Int(t.Length.Value) + ")");
                        Line("    throw new " + Rpc + "XdrException(" + Literal(label + ": array of ") + " + " + a + ".Length + " +
                             Literal(" elements is over the limit of " + Int(t.Length.Value)) + ");");
                    }
                    Line("w.WriteUInt32((uint)" + a + ".Length);");
                    Line("foreach (var " + e + " in " + a + ")");
                    Line("{");
                    _indent++;
                    Write(t.Inner!, e, label + "[]");
                    _indent--;
                    Line("}");
                    _indent--;
                    Line("}");
                    break;
                }
                case WireKind.Optional:
                {
                    string o = Temp("o");
                    Line("{");
                    _indent++;
                    Line("var " + o + " = " + expr + ";");
                    Line("if (" + o + " is null)");
                    Line("{");
                    Line("    w.WriteUInt32(0u);");
                    Line("}");
                    Line("else");
                    Line("{");
                    _indent++;
                    Line("w.WriteUInt32(1u);");
                    Write(t.Inner!, t.IsValueType ? o + ".Value" : o, label, knownNonNull: true);
                    _indent--;
                    Line("}");
                    _indent--;
                    Line("}");
                    break;
                }
            }
        }

        private static string WritePrimitive(PrimitiveKind p, string expr)
        {
            switch (p)
            {
                case PrimitiveKind.Int32: return "w.WriteInt32(" + expr + ");";
                case PrimitiveKind.UInt32: return "w.WriteUInt32(" + expr + ");";
                case PrimitiveKind.Int64: return "w.WriteInt64(" + expr + ");";
                case PrimitiveKind.UInt64: return "w.WriteUInt64(" + expr + ");";
                case PrimitiveKind.Bool: return "w.WriteBool(" + expr + ");";
                case PrimitiveKind.Double: return "w.WriteDouble(" + expr + ");";
                case PrimitiveKind.Single: return "w.WriteSingle(" + expr + ");";
                case PrimitiveKind.Byte: return "w.WriteUInt32(" + expr + ");";
                case PrimitiveKind.SByte: return "w.WriteInt32(" + expr + ");";
                case PrimitiveKind.Int16: return "w.WriteInt32(" + expr + ");";
                default: return "w.WriteUInt32(" + expr + ");";
            }
        }

        // ---------------------------------------------------------------- decode

        public void Read(WireType t, string target)
        {
            switch (t.Kind)
            {
                case WireKind.Primitive:
                    Line(target + " = " + ReadPrimitive(t.Primitive) + ";");
                    break;
                case WireKind.String:
                    Line(target + " = r.ReadString(" + (t.Length != null ? Int(t.Length.Value) : "") + ");");
                    break;
                case WireKind.Opaque:
                    Line(target + " = r.ReadOpaque(" + (t.Length != null ? Int(t.Length.Value) : "") + ");");
                    break;
                case WireKind.FixedOpaque:
                    Line(target + " = r.ReadFixedOpaque(" + Int(t.Length!.Value) + ");");
                    break;
                case WireKind.CharArray:
                    Line(target + " = r.ReadCharArray(" + Int(t.Length!.Value) + ");");
                    break;
                case WireKind.FixedCharArray:
                    Line(target + " = r.ReadFixedCharArray(" + Int(t.Length!.Value) + ");");
                    break;
                case WireKind.Enum:
                    Line(target + " = (" + t.TypeName + ")" + (t.Unsigned ? "r.ReadUInt32()" : "r.ReadInt32()") + ";");
                    break;
                case WireKind.Nested:
                {
                    string n = Temp("n");
                    Line("{");
                    Line("    var " + n + " = new " + t.TypeName + "();");
                    Line("    " + n + ".ReadFrom(r);");
                    Line("    " + target + " = " + n + ";");
                    Line("}");
                    break;
                }
                case WireKind.Array:
                {
                    string c = Temp("c"), a = Temp("a"), i = Temp("i");
                    Line("{");
                    _indent++;
                    Line("int " + c + " = r.ReadArrayCount(" + (t.Length != null ? Int(t.Length.Value) : "int.MaxValue") + ", " + Int(t.Inner!.MinSize) + ");");
                    Line("var " + a + " = " + NewArray(t.TypeName, c) + ";");
                    Line("for (int " + i + " = 0; " + i + " < " + c + "; " + i + "++)");
                    Line("{");
                    _indent++;
                    Read(t.Inner!, a + "[" + i + "]");
                    _indent--;
                    Line("}");
                    Line(target + " = " + a + ";");
                    _indent--;
                    Line("}");
                    break;
                }
                case WireKind.Optional:
                    Line("if (r.ReadBool())");
                    Line("{");
                    _indent++;
                    Read(t.Inner!, target);
                    _indent--;
                    Line("}");
                    Line("else");
                    Line("{");
                    Line("    " + target + " = null;");
                    Line("}");
                    break;
            }
        }

        /// <summary><c>new T[n]</c>, or <c>new byte[n][]</c> when the element is itself an array.</summary>
        private static string NewArray(string elementType, string count)
        {
            int bracket = elementType.IndexOf('[');
            return bracket < 0
                ? "new " + elementType + "[" + count + "]"
                : "new " + elementType.Substring(0, bracket) + "[" + count + "]" + elementType.Substring(bracket);
        }

        private static string ReadPrimitive(PrimitiveKind p)
        {
            switch (p)
            {
                case PrimitiveKind.Int32: return "r.ReadInt32()";
                case PrimitiveKind.UInt32: return "r.ReadUInt32()";
                case PrimitiveKind.Int64: return "r.ReadInt64()";
                case PrimitiveKind.UInt64: return "r.ReadUInt64()";
                case PrimitiveKind.Bool: return "r.ReadBool()";
                case PrimitiveKind.Double: return "r.ReadDouble()";
                case PrimitiveKind.Single: return "r.ReadSingle()";
                // glibc's xdr_u_char / xdr_char / xdr_short / xdr_u_short keep the low bits of the 4-byte word.
                case PrimitiveKind.Byte: return "unchecked((byte)r.ReadUInt32())";
                case PrimitiveKind.SByte: return "unchecked((sbyte)r.ReadInt32())";
                case PrimitiveKind.Int16: return "unchecked((short)r.ReadInt32())";
                default: return "unchecked((ushort)r.ReadUInt32())";
            }
        }
    }
}
