// Lets records compile for netstandard2.0 (the compiler needs this type to exist for init accessors).
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
