namespace LibvirtPS.Core.Protocol
{
    /// <summary><c>virTypedParameterType</c>: the discriminant of <c>remote_typed_param_value</c>.</summary>
    public enum RemoteTypedParameterType
    {
        /// <summary><c>int i</c>.</summary>
        Int = 1,
        /// <summary><c>unsigned int ui</c>.</summary>
        UInt = 2,
        /// <summary><c>hyper l</c>.</summary>
        LLong = 3,
        /// <summary><c>unsigned hyper ul</c>.</summary>
        ULLong = 4,
        /// <summary><c>double d</c>.</summary>
        Double = 5,
        /// <summary><c>int b</c> (0 or 1).</summary>
        Boolean = 6,
        /// <summary><c>remote_nonnull_string s</c>.</summary>
        String = 7,
    }
}
