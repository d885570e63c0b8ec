using System;
using System.Globalization;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// The errors of the embedded test driver, with libvirt 9.0's code, domain and exact text (each checked against
    /// libvirt's own in-process test driver through python-libvirt and against libvirtd's test driver).
    /// </summary>
    /// <remarks>
    /// libvirt renders most errors as a per-code prefix plus a detail, but some have no detail (lookups report
    /// <c>VIR_ERR_NO_DOMAIN</c> with none: the text is just <c>Domain not found</c>) and some bypass the prefix
    /// (<c>unsupported flags (0x…) in function …</c> is an INVALID_ARG without <c>invalid argument: </c>).
    /// <see cref="LibvirtErrorMessages"/> only knows "prefix + detail", so <see cref="Make"/> picks the
    /// constructor that yields libvirt's exact text: the normal one when prefix + detail gives it, else the
    /// "already rendered" form (<see cref="LibvirtException.FromRemote"/>), which is what the remote driver
    /// produces for the very same error coming from a daemon's test driver — so test:///default and
    /// test+unix:///default raise identical exceptions.
    /// </remarks>
    internal static class TestDriverErrors
    {
        /// <param name="code">libvirt's error number.</param>
        /// <param name="domain">The part of libvirt that raises it.</param>
        /// <param name="message">libvirt's full text (what virsh prints after <c>error: </c>).</param>
        /// <param name="detail">The part after libvirt's per-code prefix, or null when the text has no such split.</param>
        internal static LibvirtException Make(LibvirtErrorCode code, LibvirtErrorDomain domain, string message, string? detail)
        {
            if (detail != null && LibvirtErrorMessages.Render(code, detail) == message)
                return new LibvirtException(code, domain, detail);
            if (LibvirtErrorMessages.Render(code, message) == message)
                return new LibvirtException(code, domain, message);
            return LibvirtException.FromRemote(code, domain, message, LibvirtErrorLevel.Error);
        }

        /// <summary>A lookup found nothing: <c>virReportError(VIR_ERR_NO_DOMAIN, NULL)</c> → "Domain not found".</summary>
        internal static LibvirtException NoDomain() =>
            Make(LibvirtErrorCode.NoDomain, LibvirtErrorDomain.Test, "Domain not found", null);

        /// <summary>An operation on a domain object that no longer exists (testDomObjFromDomain).</summary>
        internal static LibvirtException NoDomainMatchingUuid(Guid uuid, string name)
        {
            var detail = "no domain with matching uuid '" + Uuid(uuid) + "' (" + name + ")";
            return Make(LibvirtErrorCode.NoDomain, LibvirtErrorDomain.Test, "Domain not found: " + detail, detail);
        }

        internal static LibvirtException InternalError(LibvirtErrorDomain domain, string detail) =>
            Make(LibvirtErrorCode.InternalError, domain, "internal error: " + detail, detail);

        internal static LibvirtException XmlError(LibvirtErrorDomain domain, string detail) =>
            Make(LibvirtErrorCode.XmlError, domain, "XML error: " + detail, detail);

        /// <summary>libxml2's own well-formedness errors (VIR_ERR_XML_DETAIL: the text is the detail alone).</summary>
        internal static LibvirtException XmlDetail(string message) =>
            Make(LibvirtErrorCode.XmlDetail, LibvirtErrorDomain.Test, message, message);

        internal static LibvirtException ConfigUnsupported(string detail) =>
            Make(LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: " + detail, detail);

        internal static LibvirtException OperationFailed(LibvirtErrorDomain domain, string detail) =>
            Make(LibvirtErrorCode.OperationFailed, domain, "operation failed: " + detail, detail);

        internal static LibvirtException Overflow(LibvirtErrorDomain domain, string detail) =>
            Make(LibvirtErrorCode.Overflow, domain, "numerical overflow: " + detail, detail);

        internal static LibvirtException InvalidArg(LibvirtErrorDomain domain, string detail) =>
            Make(LibvirtErrorCode.InvalidArg, domain, "invalid argument: " + detail, detail);

        /// <summary>virCheckFlags: INVALID_ARG whose text carries no prefix.</summary>
        internal static LibvirtException UnsupportedFlags(ulong flags, string function) =>
            Make(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Test,
                "unsupported flags (0x" + flags.ToString("x", CultureInfo.InvariantCulture) + ") in function " + function, null);

        /// <summary>virCheckNonNegativeArgGoto in libvirt-domain.c (no prefix).</summary>
        internal static LibvirtException NegativeArg(string argument, string function) =>
            Make(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Domain, argument + " in " + function + " must be zero or greater", null);

        /// <summary>virCheckNonNullArgGoto in libvirt-domain.c (no prefix).</summary>
        internal static LibvirtException NullArg(string argument, string function) =>
            Make(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Domain, argument + " in " + function + " must not be NULL", null);

        /// <summary>virCheckReadOnlyGoto: a read-only connection asked for a change.</summary>
        internal static LibvirtException ReadOnly(string function)
        {
            var detail = "read only access prevents " + function;
            return Make(LibvirtErrorCode.OperationDenied, LibvirtErrorDomain.Domain, "operation forbidden: " + detail, detail);
        }

        /// <summary>A call on a closed connection (libvirt: the virConnectPtr is no longer valid).</summary>
        internal static LibvirtException InvalidConnection(string function) =>
            Make(LibvirtErrorCode.InvalidConn, LibvirtErrorDomain.None, "invalid connection pointer in " + function, function);

        /// <summary>virDomainObjCheckActive.</summary>
        internal static LibvirtException NotActive()
        {
            const string detail = "domain is not running";
            return Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Domain, "Requested operation is not valid: " + detail, detail);
        }

        internal static string Uuid(Guid uuid) => uuid.ToString("D");
    }
}
