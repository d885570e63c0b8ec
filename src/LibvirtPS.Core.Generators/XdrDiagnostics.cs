using Microsoft.CodeAnalysis;

namespace LibvirtPS.Core.Generators
{
    /// <summary>The errors the generator reports instead of silently skipping or guessing.</summary>
    internal static class XdrDiagnostics
    {
        private const string Category = "LibvirtPS.Xdr";

        public static readonly DiagnosticDescriptor UnsupportedType = new DiagnosticDescriptor(
            "LVXDR001", "XDR member type not supported",
            "Member '{0}' of [XdrStruct] type '{1}' has type '{2}', which has no XDR mapping",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "Supported: int, uint, long, ulong, bool, double, float, byte, sbyte, short, ushort, string, byte[], enums, " +
                         "types that are [XdrStruct] or implement IXdrSerializable, T? with [XdrOptional], and one-dimensional arrays of these.");

        public static readonly DiagnosticDescriptor NotPartial = new DiagnosticDescriptor(
            "LVXDR002", "[XdrStruct] type must be partial",
            "'{0}' is marked [XdrStruct] but it, or a type that contains it, is not declared partial",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidAttribute = new DiagnosticDescriptor(
            "LVXDR003", "Invalid XDR attribute on member",
            "Member '{0}' of [XdrStruct] type '{1}': {2}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NotAssignable = new DiagnosticDescriptor(
            "LVXDR004", "XDR member cannot be decoded",
            "Member '{0}' of [XdrStruct] type '{1}' is {2}; the generated ReadFrom must be able to assign every encoded member",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor OptionalMismatch = new DiagnosticDescriptor(
            "LVXDR005", "XDR optional mismatch",
            "Member '{0}' of [XdrStruct] type '{1}': {2}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnsupportedDeclaration = new DiagnosticDescriptor(
            "LVXDR006", "Unsupported [XdrStruct] declaration",
            "[XdrStruct] type '{0}': {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NotConstructible = new DiagnosticDescriptor(
            "LVXDR007", "Nested XDR type cannot be constructed",
            "Member '{0}' of [XdrStruct] type '{1}': type '{2}' needs a public or internal parameterless constructor to be decoded",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static DiagnosticDescriptor ById(string id)
        {
            switch (id)
            {
                case "LVXDR001": return UnsupportedType;
                case "LVXDR002": return NotPartial;
                case "LVXDR003": return InvalidAttribute;
                case "LVXDR004": return NotAssignable;
                case "LVXDR005": return OptionalMismatch;
                case "LVXDR006": return UnsupportedDeclaration;
                default: return NotConstructible;
            }
        }
    }
}
