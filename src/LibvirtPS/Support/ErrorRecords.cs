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
    }
}
