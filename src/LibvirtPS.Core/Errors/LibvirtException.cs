using System;

namespace LibvirtPS.Core.Errors
{
    /// <summary>
    /// The one exception type for libvirt errors, raised by the client itself or received from a daemon.
    /// <see cref="Exception.Message"/> is the text virsh would print after "error: " (libvirt's prefix for the
    /// code followed by the detail); <see cref="Detail"/> is the detail alone.
    /// </summary>
    public sealed class LibvirtException : Exception
    {
        public LibvirtException(LibvirtErrorCode code, LibvirtErrorDomain domain, string detail,
            LibvirtErrorLevel level = LibvirtErrorLevel.Error, Exception? inner = null)
            : base(LibvirtErrorMessages.Render(code, detail), inner)
        {
            Code = code;
            Domain = domain;
            Detail = detail;
            Level = level;
        }

        private LibvirtException(LibvirtErrorCode code, LibvirtErrorDomain domain, string renderedMessage, LibvirtErrorLevel level, bool fromServer)
            : base(renderedMessage)
        {
            Code = code;
            Domain = domain;
            Detail = renderedMessage;
            Level = level;
            FromServer = fromServer;
        }

        /// <summary>An error a daemon sent: its message is already libvirt's full text, so no prefix is added.</summary>
        public static LibvirtException FromRemote(LibvirtErrorCode code, LibvirtErrorDomain domain, string message, LibvirtErrorLevel level) =>
            new LibvirtException(code, domain, message, level, true);

        /// <summary>True when the daemon raised the error (false: this client did).</summary>
        public bool FromServer { get; }

        /// <summary>libvirt's error number.</summary>
        public LibvirtErrorCode Code { get; }

        /// <summary>The part of libvirt the error comes from.</summary>
        public LibvirtErrorDomain Domain { get; }

        /// <summary>The error text without libvirt's per-code prefix.</summary>
        public string Detail { get; }

        public LibvirtErrorLevel Level { get; }

        /// <summary>
        /// What would be valid or how to fix it, in our words; kept apart from the message so the message stays
        /// exactly libvirt's. Null when libvirt's message says it all.
        /// </summary>
        public string? Hint { get; set; }
    }
}
