using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LibvirtPS.Core.Generators
{
    /// <summary>The XDR attributes found on one member.</summary>
    internal sealed class MemberAttributes
    {
        public bool Optional;
        public int? Fixed;
        public int? Max;
        public int? CharArray;

        public MemberAttributes ForElement() => new MemberAttributes { Fixed = Fixed, CharArray = CharArray };
    }

    /// <summary>A problem found while mapping a member: which diagnostic, and its last message argument.</summary>
    internal sealed class MappingProblem
    {
        public MappingProblem(DiagnosticDescriptor descriptor, string detail)
        {
            Descriptor = descriptor;
            Detail = detail;
        }

        public DiagnosticDescriptor Descriptor { get; }
        public string Detail { get; }
    }

    /// <summary>A public instance field or property that takes part in the encoding, in declaration order.</summary>
    internal sealed class DataMember
    {
        public DataMember(ISymbol symbol, ITypeSymbol type, string? notAssignableReason)
        {
            Symbol = symbol;
            Type = type;
            NotAssignableReason = notAssignableReason;
        }

        public ISymbol Symbol { get; }
        public ITypeSymbol Type { get; }

        /// <summary>Why ReadFrom could not assign it (readonly field, init-only or get-only auto property), or null.</summary>
        public string? NotAssignableReason { get; }
    }

    /// <summary>Maps C# member types to XDR wire types with the rules of <c>XdrAttributes.cs</c>.</summary>
    internal sealed class XdrTypeMapper
    {
        private const string RpcNamespace = "LibvirtPS.Core.Rpc.";
        private readonly Dictionary<ISymbol, int> _minSizes = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _inProgress = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

        public static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

        private static bool IsRpcType(INamedTypeSymbol? type, string name) =>
            type != null && type.ToDisplayString() == RpcNamespace + name;

        public static bool IsXdrStruct(ITypeSymbol type) =>
            type.GetAttributes().Any(a => IsRpcType(a.AttributeClass, "XdrStructAttribute"));

        public static bool ImplementsSerializable(ITypeSymbol type) =>
            type.AllInterfaces.Any(i => IsRpcType(i, "IXdrSerializable"));

        public static MemberAttributes ReadAttributes(ISymbol member)
        {
            var result = new MemberAttributes();
            foreach (var a in member.GetAttributes())
            {
                int? arg = a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value is int v ? v : (int?)null;
                if (IsRpcType(a.AttributeClass, "XdrOptionalAttribute")) result.Optional = true;
                else if (IsRpcType(a.AttributeClass, "XdrFixedAttribute")) result.Fixed = arg ?? -1;
                else if (IsRpcType(a.AttributeClass, "XdrMaxAttribute")) result.Max = arg ?? -1;
                else if (IsRpcType(a.AttributeClass, "XdrCharArrayAttribute")) result.CharArray = arg ?? 0;
            }
            return result;
        }

        /// <summary>
        /// Public instance fields and properties with a getter, in declaration order. Properties without a setter are
        /// skipped as computed values, except get-only auto-properties (data that could never be decoded).
        /// </summary>
        public static List<DataMember> GetDataMembers(INamedTypeSymbol type)
        {
            var members = new List<(DataMember Member, Location Location)>();
            foreach (var m in type.GetMembers())
            {
                if (m.IsStatic || m.IsImplicitlyDeclared || m.DeclaredAccessibility != Accessibility.Public) continue;
                if (m is IFieldSymbol f)
                {
                    if (f.IsConst) continue;
                    members.Add((new DataMember(f, f.Type, f.IsReadOnly ? "a readonly field" : null), f.Locations.FirstOrDefault() ?? Location.None));
                }
                else if (m is IPropertySymbol p && !p.IsIndexer && p.GetMethod != null && p.GetMethod.DeclaredAccessibility == Accessibility.Public)
                {
                    string? reason = null;
                    if (p.SetMethod == null)
                    {
                        if (!IsAutoProperty(p)) continue; // computed
                        reason = "a get-only auto-property";
                    }
                    else if (p.SetMethod.IsInitOnly) reason = "an init-only property";
                    else if (p.SetMethod.DeclaredAccessibility != Accessibility.Public) continue; // not part of the public shape
                    members.Add((new DataMember(p, p.Type, reason), p.Locations.FirstOrDefault() ?? Location.None));
                }
            }
            // Declaration order: by file, then by position (GetMembers already follows it for one declaration).
            return members
                .Select((x, i) => (x.Member, x.Location, Index: i))
                .OrderBy(x => x.Location.SourceTree?.FilePath ?? "", System.StringComparer.Ordinal)
                .ThenBy(x => x.Location.SourceSpan.Start)
                .ThenBy(x => x.Index)
                .Select(x => x.Member)
                .ToList();
        }

        private static bool IsAutoProperty(IPropertySymbol p)
        {
            foreach (var r in p.DeclaringSyntaxReferences)
            {
                if (r.GetSyntax() is PropertyDeclarationSyntax decl)
                    return decl.ExpressionBody == null && decl.AccessorList != null &&
                           decl.AccessorList.Accessors.All(a => a.Body == null && a.ExpressionBody == null);
            }
            return false;
        }

        public WireType? Map(ITypeSymbol type, MemberAttributes attrs, out MappingProblem? problem)
        {
            problem = null;
            if (attrs.Optional)
            {
                ITypeSymbol inner;
                bool nullableValue = false;
                if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nt)
                {
                    inner = nt.TypeArguments[0];
                    nullableValue = true;
                }
                else if (type.IsReferenceType) inner = type;
                else
                {
                    problem = new MappingProblem(XdrDiagnostics.OptionalMismatch,
                        "[XdrOptional] needs a type that can be null (a reference type or T?), not '" + type.ToDisplayString() + "'");
                    return null;
                }
                if (inner is IArrayTypeSymbol arr && arr.ElementType.SpecialType != SpecialType.System_Byte)
                {
                    problem = new MappingProblem(XdrDiagnostics.InvalidAttribute, "[XdrOptional] cannot be used on an array (XDR has no optional array)");
                    return null;
                }
                var value = MapValue(inner, attrs, allowArray: false, out problem);
                return value == null ? null : WireType.Optional(value, nullableValue);
            }

            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
            {
                problem = new MappingProblem(XdrDiagnostics.OptionalMismatch,
                    "a nullable value type must be marked [XdrOptional] (XDR 'T *x'); use '" + ((INamedTypeSymbol)type).TypeArguments[0].ToDisplayString() + "' for a plain value");
                return null;
            }
            return MapValue(type, attrs, allowArray: true, out problem);
        }

        private static MappingProblem Invalid(string detail) => new MappingProblem(XdrDiagnostics.InvalidAttribute, detail);

        private static MappingProblem? RejectLengthAttributes(ITypeSymbol type, MemberAttributes attrs, bool allowMax)
        {
            string what = type.ToDisplayString();
            if (attrs.Fixed != null) return Invalid("[XdrFixed] applies to byte[] only, not to '" + what + "'");
            if (attrs.CharArray != null) return Invalid("[XdrCharArray] applies to byte[] only, not to '" + what + "'");
            if (!allowMax && attrs.Max != null) return Invalid("[XdrMax] applies to strings, byte[] and arrays only, not to '" + what + "'");
            if (attrs.Max != null && attrs.Max < 0) return Invalid("[XdrMax] must not be negative");
            return null;
        }

        private WireType? MapValue(ITypeSymbol type, MemberAttributes attrs, bool allowArray, out MappingProblem? problem)
        {
            problem = null;

            if (type is IArrayTypeSymbol array)
            {
                if (array.Rank != 1)
                {
                    problem = new MappingProblem(XdrDiagnostics.UnsupportedType, type.ToDisplayString());
                    return null;
                }
                if (array.ElementType.SpecialType == SpecialType.System_Byte)
                    return MapBytes(attrs, out problem);
                if (!allowArray)
                {
                    problem = new MappingProblem(XdrDiagnostics.UnsupportedType, type.ToDisplayString());
                    return null;
                }
                bool elementIsBytes = array.ElementType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte };
                if (!elementIsBytes && (problem = RejectLengthAttributes(type, new MemberAttributes { Fixed = attrs.Fixed, CharArray = attrs.CharArray }, allowMax: true)) != null)
                    return null;
                if (attrs.Max != null && attrs.Max < 0) { problem = Invalid("[XdrMax] must not be negative"); return null; }
                var element = MapValue(array.ElementType, attrs.ForElement(), allowArray: false, out problem);
                if (element == null)
                {
                    if (problem != null && problem.Descriptor == XdrDiagnostics.UnsupportedType)
                        problem = new MappingProblem(XdrDiagnostics.UnsupportedType, type.ToDisplayString() + "' whose element type is '" + problem.Detail);
                    return null;
                }
                if (element.MinSize == 0 && attrs.Max == null)
                {
                    problem = Invalid("an array of elements that can encode to zero bytes needs [XdrMax] to bound its count");
                    return null;
                }
                return WireType.Array(element, FullName(array.ElementType), attrs.Max);
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    if ((problem = RejectLengthAttributes(type, attrs, allowMax: true)) != null) return null;
                    return WireType.Str(attrs.Max);
                case SpecialType.System_Int32: return Scalar(type, attrs, PrimitiveKind.Int32, out problem);
                case SpecialType.System_UInt32: return Scalar(type, attrs, PrimitiveKind.UInt32, out problem);
                case SpecialType.System_Int64: return Scalar(type, attrs, PrimitiveKind.Int64, out problem);
                case SpecialType.System_UInt64: return Scalar(type, attrs, PrimitiveKind.UInt64, out problem);
                case SpecialType.System_Boolean: return Scalar(type, attrs, PrimitiveKind.Bool, out problem);
                case SpecialType.System_Double: return Scalar(type, attrs, PrimitiveKind.Double, out problem);
                case SpecialType.System_Single: return Scalar(type, attrs, PrimitiveKind.Single, out problem);
                case SpecialType.System_Byte: return Scalar(type, attrs, PrimitiveKind.Byte, out problem);
                case SpecialType.System_SByte: return Scalar(type, attrs, PrimitiveKind.SByte, out problem);
                case SpecialType.System_Int16: return Scalar(type, attrs, PrimitiveKind.Int16, out problem);
                case SpecialType.System_UInt16: return Scalar(type, attrs, PrimitiveKind.UInt16, out problem);
            }

            if (type is INamedTypeSymbol named && named.TypeKind == TypeKind.Enum)
            {
                if ((problem = RejectLengthAttributes(type, attrs, allowMax: false)) != null) return null;
                switch (named.EnumUnderlyingType?.SpecialType)
                {
                    case SpecialType.System_Int32:
                    case SpecialType.System_Int16:
                    case SpecialType.System_SByte:
                        return WireType.Enum(FullName(type), unsigned: false);
                    case SpecialType.System_UInt32:
                    case SpecialType.System_UInt16:
                    case SpecialType.System_Byte:
                        return WireType.Enum(FullName(type), unsigned: true);
                    default:
                        problem = new MappingProblem(XdrDiagnostics.UnsupportedType, type.ToDisplayString() + " (an XDR enum is 32 bits)");
                        return null;
                }
            }

            if (type is INamedTypeSymbol nested && (nested.TypeKind == TypeKind.Class || nested.TypeKind == TypeKind.Struct) &&
                (IsXdrStruct(nested) || ImplementsSerializable(nested)))
            {
                if ((problem = RejectLengthAttributes(type, attrs, allowMax: false)) != null) return null;
                if (nested.TypeKind == TypeKind.Class && (nested.IsAbstract || !nested.InstanceConstructors.Any(c =>
                        c.Parameters.Length == 0 &&
                        (c.DeclaredAccessibility == Accessibility.Public || c.DeclaredAccessibility == Accessibility.Internal))))
                {
                    problem = new MappingProblem(XdrDiagnostics.NotConstructible, type.ToDisplayString());
                    return null;
                }
                return WireType.Nested(FullName(type), nested.IsValueType, MinSizeOf(nested));
            }

            problem = new MappingProblem(XdrDiagnostics.UnsupportedType, type.ToDisplayString());
            return null;
        }

        private static WireType? Scalar(ITypeSymbol type, MemberAttributes attrs, PrimitiveKind kind, out MappingProblem? problem)
        {
            problem = RejectLengthAttributes(type, attrs, allowMax: false);
            return problem == null ? WireType.Prim(kind) : null;
        }

        private static WireType? MapBytes(MemberAttributes attrs, out MappingProblem? problem)
        {
            problem = null;
            if (attrs.Max != null && attrs.Max < 0) { problem = Invalid("[XdrMax] must not be negative"); return null; }
            if (attrs.CharArray != null)
            {
                if (attrs.Fixed != null) { problem = Invalid("[XdrCharArray] and [XdrFixed] cannot be combined"); return null; }
                int n = attrs.CharArray.Value;
                if (n < 0) { problem = Invalid("[XdrCharArray] length must not be negative"); return null; }
                if (n > 0)
                {
                    if (attrs.Max != null) { problem = Invalid("a fixed [XdrCharArray(n)] takes no [XdrMax]"); return null; }
                    return WireType.FixedCharArray(n);
                }
                if (attrs.Max == null) { problem = Invalid("a variable [XdrCharArray] (char x<N>) needs [XdrMax(N)]"); return null; }
                return WireType.CharArray(attrs.Max.Value);
            }
            if (attrs.Fixed != null)
            {
                if (attrs.Fixed <= 0) { problem = Invalid("[XdrFixed] length must be positive"); return null; }
                if (attrs.Max != null) { problem = Invalid("[XdrFixed] and [XdrMax] cannot be combined"); return null; }
                return WireType.FixedOpaque(attrs.Fixed.Value);
            }
            return WireType.Opaque(attrs.Max);
        }

        /// <summary>
        /// The fewest bytes a nested type takes. Computed from the members of [XdrStruct] types in this compilation;
        /// 4 for hand-written IXdrSerializable types (a union discriminant or a length word at least) and on cycles.
        /// </summary>
        private int MinSizeOf(INamedTypeSymbol type)
        {
            if (_minSizes.TryGetValue(type, out int known)) return known;
            if (!IsXdrStruct(type) || type.Locations.All(l => !l.IsInSource) || !_inProgress.Add(type)) return 4;
            int total = 0;
            try
            {
                foreach (var member in GetDataMembers(type))
                {
                    var wire = Map(member.Type, ReadAttributes(member.Symbol), out _);
                    total += wire?.MinSize ?? 4;
                }
            }
            finally
            {
                _inProgress.Remove(type);
            }
            _minSizes[type] = total;
            return total;
        }
    }
}
