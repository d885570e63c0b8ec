using System;
using System.Collections.Generic;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// What the caller adds to a URI: read-only, and values that override the URI's own parts and
    /// parameters (the cmdlets' <c>-ComputerName</c>, <c>-KeyFile</c>, ...).
    /// </summary>
    public sealed class ConnectionOptions
    {
        public bool ReadOnly { get; set; }

        /// <summary>Replaces the transport part of the scheme.</summary>
        public LibvirtTransport? Transport { get; set; }

        /// <summary>Replaces the host.</summary>
        public string? ComputerName { get; set; }

        /// <summary>Replaces the port.</summary>
        public int? Port { get; set; }

        /// <summary>Replaces the user.</summary>
        public string? UserName { get; set; }

        /// <summary>URI parameters by libvirt name (<c>keyfile</c>, <c>no_verify</c>...), replacing any the URI has.</summary>
        public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Alternative client config file (tests; libvirt has none).</summary>
        public string? ConfigPath { get; set; }

        internal bool HasUriOverrides =>
            Transport.HasValue || ComputerName != null || Port.HasValue || UserName != null || Parameters.Count > 0;
    }
}
