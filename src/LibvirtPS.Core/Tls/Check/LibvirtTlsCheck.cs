using System.Collections.Generic;
using System.Linq;

namespace LibvirtPS.Core.Tls.Check
{
    public enum TlsCheckSeverity
    {
        /// <summary>Informational: nothing to fix.</summary>
        Info,
        /// <summary>libvirt goes on (e.g. with no_verify=1), but something is wrong or missing.</summary>
        Warning,
        /// <summary>libvirt would refuse the connection.</summary>
        Error,
    }

    /// <summary>One step of Test-LibvirtTls.</summary>
    public sealed class TlsCheckItem
    {
        public TlsCheckItem(string name, bool passed, TlsCheckSeverity severity, string message, string? remedy = null)
        {
            Name = name;
            Passed = passed;
            Severity = severity;
            Message = message;
            Remedy = remedy;
        }

        /// <summary>What was checked ("CA certificate file", "TLS handshake", ...).</summary>
        public string Name { get; }
        public bool Passed { get; }
        public TlsCheckSeverity Severity { get; }
        /// <summary>The result, with libvirt's own error text where libvirt has one.</summary>
        public string Message { get; }
        /// <summary>How to fix it (the certtool/openssl step, the file, the permission); null when it passed.</summary>
        public string? Remedy { get; }

        /// <summary>"PASS", "WARN", "FAIL" or "SKIP" (not run) for the checklist view.</summary>
        public string Status => Passed ? "PASS"
            : Severity == TlsCheckSeverity.Error ? "FAIL" : Severity == TlsCheckSeverity.Warning ? "WARN" : "SKIP";

        public override string ToString() => Status + " " + Name + ": " + Message;
    }

    /// <summary>
    /// What Test-LibvirtTls found: the files libvirt would use, the certificates in them, every libvirt check
    /// with its result and remedy and, unless offline, the live handshake with the daemon. Never holds key material.
    /// </summary>
    public sealed class LibvirtTlsCheck
    {
        internal LibvirtTlsCheck() { }

        public string Uri { get; internal set; } = "";

        /// <summary>True when libvirt's client would connect (no check failed with severity Error).</summary>
        public bool Success => Checks.All(c => c.Passed || c.Severity != TlsCheckSeverity.Error);

        public IReadOnlyList<TlsCheckItem> Checks { get; internal set; } = new List<TlsCheckItem>();

        /// <summary>The checks that did not pass.</summary>
        public IReadOnlyList<TlsCheckItem> Failures => Checks.Where(c => !c.Passed).ToList();

        public string Host { get; internal set; } = "";
        public int Port { get; internal set; }
        public bool Offline { get; internal set; }
        public bool NoVerify { get; internal set; }
        public bool NoSanity { get; internal set; }
        public string TlsPriority { get; internal set; } = "";

        public string CACertificatePath { get; internal set; } = "";
        public string CrlPath { get; internal set; } = "";
        public string ClientCertificatePath { get; internal set; } = "";
        public string ClientKeyPath { get; internal set; } = "";
        /// <summary>Why these files (PkiPath, PerUser, System).</summary>
        public string PkiSource { get; internal set; } = "";

        /// <summary>The client certificate's subject DN as the daemon matches it against tls_allowed_dn_list.</summary>
        public string? ClientSubject { get; internal set; }

        public IReadOnlyList<CertificateInfo> CACertificates { get; internal set; } = new List<CertificateInfo>();
        public CertificateInfo? ClientCertificate { get; internal set; }

        // ---- live handshake (null when offline or not reached)

        /// <summary>True when TCP connected; null when not tried.</summary>
        public bool? Connected { get; internal set; }
        public string? ProtocolVersion { get; internal set; }
        public string? CipherSuite { get; internal set; }
        public IReadOnlyList<CertificateInfo> ServerChain { get; internal set; } = new List<CertificateInfo>();
        /// <summary>libvirt's failed checks of the server certificate (empty: it passes).</summary>
        public IReadOnlyList<string> ServerCertificateProblems { get; internal set; } = new List<string>();
        public bool? ClientCertificateRequested { get; internal set; }
        public bool? ClientCertificateSent { get; internal set; }
        /// <summary>True: the daemon sent the confirmation byte; false: it closed the connection or refused; null: not reached.</summary>
        public bool? DaemonAcceptedClient { get; internal set; }
    }
}
