using System.Management.Automation;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Support
{
    /// <summary>Maps libvirt errors to ErrorRecords with stable ids and fitting categories.</summary>
    internal static class ErrorRecords
    {
        /// <summary>A URI (or the client config it depends on) that libvirt would reject.</summary>
        internal static ErrorRecord ForUri(LibvirtException e, object? target)
        {
            if (e.Code == LibvirtErrorCode.ConfSyntax || (e.Domain == LibvirtErrorDomain.Conf))
            {
                return new ErrorRecord(e, "InvalidLibvirtClientConfig", ErrorCategory.InvalidData, target)
                {
                    ErrorDetails = new ErrorDetails(e.Message)
                    {
                        RecommendedAction = "Fix the client libvirt.conf (uri_default, uri_aliases, remote_mode, remote_proxy, tls_priority)."
                    }
                };
            }
            return new ErrorRecord(e, "InvalidLibvirtUri", ErrorCategory.InvalidArgument, target)
            {
                ErrorDetails = new ErrorDetails(e.Message)
                {
                    RecommendedAction = e.Hint ?? "See Get-Help about_LibvirtPS_Uris for the URI forms and parameters libvirt accepts."
                }
            };
        }

        /// <summary>An error from a connection or a call: id and category from libvirt's code.</summary>
        internal static ErrorRecord ForCall(LibvirtException e, string fallbackId, object? target)
        {
            string id;
            ErrorCategory category;
            switch (e.Code)
            {
                case LibvirtErrorCode.NoDomain: id = "DomainNotFound"; category = ErrorCategory.ObjectNotFound; break;
                case LibvirtErrorCode.NoNetwork: id = "NetworkNotFound"; category = ErrorCategory.ObjectNotFound; break;
                case LibvirtErrorCode.NoDomainSnapshot: id = "SnapshotNotFound"; category = ErrorCategory.ObjectNotFound; break;
                case LibvirtErrorCode.NoStoragePool: id = "StoragePoolNotFound"; category = ErrorCategory.ObjectNotFound; break;
                case LibvirtErrorCode.NoStorageVol: id = "StorageVolumeNotFound"; category = ErrorCategory.ObjectNotFound; break;
                case LibvirtErrorCode.AuthFailed:
                case LibvirtErrorCode.AuthUnavailable:
                case LibvirtErrorCode.AuthCancelled: id = "AuthenticationFailed"; category = ErrorCategory.AuthenticationError; break;
                case LibvirtErrorCode.OperationDenied:
                case LibvirtErrorCode.AccessDenied: id = "AccessDenied"; category = ErrorCategory.PermissionDenied; break;
                case LibvirtErrorCode.OperationTimeout: id = "OperationTimeout"; category = ErrorCategory.OperationTimeout; break;
                case LibvirtErrorCode.NoSupport:
                case LibvirtErrorCode.OperationUnsupported: id = "NotSupported"; category = ErrorCategory.NotImplemented; break;
                case LibvirtErrorCode.InvalidArg: id = "InvalidArgument"; category = ErrorCategory.InvalidArgument; break;
                case LibvirtErrorCode.Rpc: id = "ProtocolError"; category = ErrorCategory.ProtocolError; break;
                // a transport failure: while connecting it is the connect's own error, afterwards the connection broke
                case LibvirtErrorCode.SystemError:
                    id = fallbackId == "ConnectionFailed" || e.Domain != LibvirtErrorDomain.Rpc ? fallbackId : "ConnectionClosed";
                    // a driver's own OS error (a save file that cannot be read, ...) is about a resource, not the connection
                    category = fallbackId == "ConnectionFailed" || e.Domain == LibvirtErrorDomain.Rpc ? ErrorCategory.ConnectionError : ErrorCategory.ResourceUnavailable;
                    break;
                case LibvirtErrorCode.InvalidConn: id = "ConnectionClosed"; category = ErrorCategory.ConnectionError; break;
                default: id = fallbackId; category = ErrorCategory.NotSpecified; break;
            }
            var record = new ErrorRecord(e, id, category, target);
            if (e.Hint != null) record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = e.Hint };
            return record;
        }
    }
}
