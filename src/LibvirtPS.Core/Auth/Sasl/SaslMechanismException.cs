using System;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// A mechanism's own failure, with Cyrus SASL's result code (SASL_FAIL -1, SASL_NOMECH -4, SASL_BADPROT -5,
    /// SASL_BADSERV -10, SASL_BADAUTH -13). The authenticator turns it into libvirt's
    /// <c>Failed to start|step SASL negotiation: &lt;code&gt; (SASL(&lt;code&gt;): &lt;text&gt;: &lt;detail&gt;)</c>.
    /// </summary>
    public sealed class SaslMechanismException : Exception
    {
        public const int Fail = -1;
        public const int NoMech = -4;
        public const int BadProt = -5;
        public const int BadServ = -10;
        public const int BadAuth = -13;

        public SaslMechanismException(int code, string detail) : base(Format(code, detail))
        {
            Code = code;
            Detail = detail;
        }

        /// <summary>Cyrus result code (negative).</summary>
        public int Code { get; }

        /// <summary>The mechanism's own explanation.</summary>
        public string Detail { get; }

        /// <summary>Cyrus' sasl_errdetail form: <c>SASL(-1): generic failure: detail</c>.</summary>
        public static string Format(int code, string detail) => "SASL(" + code + "): " + CodeText(code) + (detail.Length > 0 ? ": " + detail : "");

        /// <summary>sasl_errstring's texts for the codes used here.</summary>
        public static string CodeText(int code)
        {
            switch (code)
            {
                case Fail: return "generic failure";
                case NoMech: return "no mechanism available";
                case BadProt: return "bad protocol / cancel";
                case BadServ: return "server failed mutual authentication step";
                case BadAuth: return "authentication failure";
                default: return "error " + code;
            }
        }
    }
}
