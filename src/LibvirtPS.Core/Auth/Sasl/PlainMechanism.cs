using System.Text;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// PLAIN (RFC 4616) as Cyrus sends it: initial response <c>authzid NUL authcid NUL password</c> with an empty
    /// authzid. Plaintext, so libvirt only allows it where the channel is secure (TLS, unix, ssh): on plain tcp the
    /// NOPLAINTEXT security property and min SSF 56 rule it out.
    /// </summary>
    public sealed class PlainMechanism : ISaslMechanism
    {
        private bool _done;

        public string Name => "PLAIN";

        public int MaxSsf => 0;

        public bool IsComplete => _done;

        public ISaslSecurityLayer? SecurityLayer => null;

        public byte[]? Start(SaslContext context)
        {
            string user = SaslCredentials.AuthName(context);
            if (user.Trim().Length == 0) throw new SaslMechanismException(SaslMechanismException.Fail, "All-whitespace username.");
            var password = SaslCredentials.Password(context).Password ?? "";
            _done = true;
            return Encode("", user, password);
        }

        public byte[]? Step(byte[]? challenge)
        {
            // Cyrus' PLAIN client is done after the initial response; a further step is a protocol error
            throw new SaslMechanismException(SaslMechanismException.BadProt, "PLAIN takes no server challenge");
        }

        /// <summary>authzid NUL authcid NUL passwd, UTF-8.</summary>
        public static byte[] Encode(string authzid, string authcid, string password) =>
            Encoding.UTF8.GetBytes(authzid + "\0" + authcid + "\0" + password);
    }
}
