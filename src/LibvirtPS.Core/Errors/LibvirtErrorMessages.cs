using System.Collections.Generic;

namespace LibvirtPS.Core.Errors
{
    /// <summary>
    /// libvirt renders an error as a per-code prefix plus the detail (<c>virErrorMsg</c> in src/util/virerror.c);
    /// users compare our messages with virsh's, so we render them the same way.
    /// </summary>
    public static class LibvirtErrorMessages
    {
        private static readonly Dictionary<LibvirtErrorCode, string> Prefixes = new Dictionary<LibvirtErrorCode, string>
        {
            [LibvirtErrorCode.InternalError] = "internal error: ",
            [LibvirtErrorCode.NoSupport] = "this function is not supported by the connection driver: ",
            [LibvirtErrorCode.NoConnect] = "no connection driver available for ",
            [LibvirtErrorCode.InvalidArg] = "invalid argument: ",
            [LibvirtErrorCode.OperationFailed] = "operation failed: ",
            [LibvirtErrorCode.ConfSyntax] = "configuration file syntax error: ",
            [LibvirtErrorCode.Rpc] = "",
            [LibvirtErrorCode.NoDomain] = "Domain not found: ",
            [LibvirtErrorCode.AuthFailed] = "authentication failed: ",
            [LibvirtErrorCode.OperationInvalid] = "Requested operation is not valid: ",
            [LibvirtErrorCode.ConfigUnsupported] = "unsupported configuration: ",
            [LibvirtErrorCode.OperationUnsupported] = "Operation not supported: ",
            [LibvirtErrorCode.OperationTimeout] = "Timed out during operation: ",
            [LibvirtErrorCode.AuthUnavailable] = "authentication unavailable: ",
            [LibvirtErrorCode.OperationDenied] = "operation forbidden: ",
            [LibvirtErrorCode.AuthCancelled] = "authentication cancelled: ",
            [LibvirtErrorCode.Ssh] = "SSH transport error: ",
            [LibvirtErrorCode.Libssh] = "libssh transport error: ",
        };

        /// <summary>The full message for a code and detail, as virsh prints it after "error: ".</summary>
        public static string Render(LibvirtErrorCode code, string detail)
        {
            return Prefixes.TryGetValue(code, out var prefix) ? prefix + detail : detail;
        }
    }
}
