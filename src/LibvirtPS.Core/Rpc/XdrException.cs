using System;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>Bytes that are not valid XDR for the expected message (truncated, over a limit, bad discriminant).</summary>
    public sealed class XdrException : Exception
    {
        public XdrException(string message) : base(message) { }

        internal static XdrException TooLong(string what, long length, long max) =>
            new XdrException(what + " of " + length + " bytes is over the limit of " + max);
    }
}
