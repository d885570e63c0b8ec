using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), client side, as Cyrus' scram plugin speaks it to libvirtd:
    /// no channel binding (gs2 header <c>n,,</c>, <c>c=biws</c>), no authorization id, password SASLprep'd, the server
    /// signature checked (mutual authentication). No security layer (SSF 0).
    /// </summary>
    public sealed class ScramMechanism : ISaslMechanism
    {
        private const int NonceBytes = 32;

        private readonly bool _sha256;
        private readonly Func<string> _nonce;
        private SaslContext? _context;
        private string _clientFirstBare = "";
        private byte[]? _serverSignature;
        private int _state; // 0 new, 1 sent client-first, 2 sent client-final, 3 done

        public ScramMechanism(string name) : this(name, null) { }

        /// <summary>With a fixed client nonce (tests: the RFC vectors).</summary>
        internal ScramMechanism(string name, Func<string>? nonce)
        {
            if (string.Equals(name, "SCRAM-SHA-256", StringComparison.OrdinalIgnoreCase)) _sha256 = true;
            else if (!string.Equals(name, "SCRAM-SHA-1", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException("not a SCRAM mechanism: " + name, nameof(name));
            Name = _sha256 ? "SCRAM-SHA-256" : "SCRAM-SHA-1";
            _nonce = nonce ?? NewNonce;
        }

        public string Name { get; }

        public int MaxSsf => 0;

        public bool IsComplete => _state == 3;

        public ISaslSecurityLayer? SecurityLayer => null;

        public byte[]? Start(SaslContext context)
        {
            _context = context;
            string user = SaslCredentials.AuthName(context);
            if (user.Trim().Length == 0) throw new SaslMechanismException(SaslMechanismException.Fail, "All-whitespace username.");
            _clientFirstBare = "n=" + EscapeName(user) + ",r=" + _nonce();
            _state = 1;
            return Encoding.UTF8.GetBytes("n,," + _clientFirstBare);
        }

        public byte[]? Step(byte[]? challenge)
        {
            switch (_state)
            {
                case 1: return ClientFinal(challenge);
                case 2: VerifyServerFinal(challenge); return null;
                default: throw new SaslMechanismException(SaslMechanismException.BadProt, "unexpected SCRAM step");
            }
        }

        private byte[] ClientFinal(byte[]? challenge)
        {
            if (challenge == null || challenge.Length == 0)
                throw new SaslMechanismException(SaslMechanismException.BadProt, "Invalid server-first-message (empty)");
            string serverFirst = Encoding.UTF8.GetString(challenge);
            string? nonce = null, salt = null, iter = null;
            foreach (var part in serverFirst.Split(','))
            {
                if (part.StartsWith("m=", StringComparison.Ordinal))
                    throw new SaslMechanismException(SaslMechanismException.BadProt, "Unsupported mandatory extension in server-first-message");
                if (part.StartsWith("r=", StringComparison.Ordinal) && nonce == null) nonce = part.Substring(2);
                else if (part.StartsWith("s=", StringComparison.Ordinal) && salt == null) salt = part.Substring(2);
                else if (part.StartsWith("i=", StringComparison.Ordinal) && iter == null) iter = part.Substring(2);
            }
            string clientNonce = _clientFirstBare.Substring(_clientFirstBare.IndexOf(",r=", StringComparison.Ordinal) + 3);
            if (nonce == null || salt == null || iter == null)
                throw new SaslMechanismException(SaslMechanismException.BadProt, "Invalid server-first-message");
            if (!nonce.StartsWith(clientNonce, StringComparison.Ordinal) || nonce.Length == clientNonce.Length)
                throw new SaslMechanismException(SaslMechanismException.BadProt, "Nonce mismatch");
            if (!int.TryParse(iter, NumberStyles.None, CultureInfo.InvariantCulture, out int iterations) || iterations < 1)
                throw new SaslMechanismException(SaslMechanismException.BadProt, "Invalid iteration-count");
            byte[] saltBytes;
            try { saltBytes = Convert.FromBase64String(salt); }
            catch (FormatException) { throw new SaslMechanismException(SaslMechanismException.BadProt, "Invalid base64 salt"); }

            var credential = SaslCredentials.Password(_context!);
            byte[] password = Encoding.UTF8.GetBytes(SaslPrep.Prepare(credential.Password ?? ""));
            byte[] salted = Pbkdf2(password, saltBytes, iterations);
            Array.Clear(password, 0, password.Length);

            string withoutProof = "c=biws,r=" + nonce;
            byte[] authMessage = Encoding.UTF8.GetBytes(_clientFirstBare + "," + serverFirst + "," + withoutProof);
            byte[] clientKey = Hmac(salted, Encoding.ASCII.GetBytes("Client Key"));
            byte[] storedKey = Hash(clientKey);
            byte[] clientSignature = Hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.Length];
            for (int i = 0; i < proof.Length; i++) proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
            byte[] serverKey = Hmac(salted, Encoding.ASCII.GetBytes("Server Key"));
            _serverSignature = Hmac(serverKey, authMessage);
            Array.Clear(salted, 0, salted.Length);
            Array.Clear(clientKey, 0, clientKey.Length);
            _state = 2;
            return Encoding.UTF8.GetBytes(withoutProof + ",p=" + Convert.ToBase64String(proof));
        }

        private void VerifyServerFinal(byte[]? challenge)
        {
            string text = challenge == null ? "" : Encoding.UTF8.GetString(challenge);
            if (text.StartsWith("e=", StringComparison.Ordinal))
                throw new SaslMechanismException(SaslMechanismException.BadAuth, "server error: " + text.Substring(2));
            if (!text.StartsWith("v=", StringComparison.Ordinal))
                throw new SaslMechanismException(SaslMechanismException.BadProt, "Invalid server-final-message");
            int end = text.IndexOf(',');
            string v = end < 0 ? text.Substring(2) : text.Substring(2, end - 2);
            byte[] got;
            try { got = Convert.FromBase64String(v); }
            catch (FormatException) { throw new SaslMechanismException(SaslMechanismException.BadProt, "Invalid base64 in server-final-message"); }
            if (!FixedTimeEquals(got, _serverSignature!))
                throw new SaslMechanismException(SaslMechanismException.BadServ, "Server signature mismatch: the daemon does not know the password");
            _state = 3;
        }

        /// <summary>RFC 5802 saslname: ',' → =2C, '=' → =3D.</summary>
        internal static string EscapeName(string name) => name.Replace("=", "=3D").Replace(",", "=2C");

        private static string NewNonce()
        {
            var b = new byte[NonceBytes];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(b);
            return Convert.ToBase64String(b);
        }

        private HMAC NewHmac(byte[] key) => _sha256 ? (HMAC)new HMACSHA256(key) : new HMACSHA1(key);

        private byte[] Hmac(byte[] key, byte[] data)
        {
            using (var h = NewHmac(key)) return h.ComputeHash(data);
        }

        private byte[] Hash(byte[] data)
        {
            using (HashAlgorithm h = _sha256 ? (HashAlgorithm)SHA256.Create() : SHA1.Create()) return h.ComputeHash(data);
        }

        // Hi() of RFC 5802: PBKDF2 with one block (dkLen = hLen)
        private byte[] Pbkdf2(byte[] password, byte[] salt, int iterations)
        {
            using (var h = NewHmac(password))
            {
                var first = new byte[salt.Length + 4];
                Buffer.BlockCopy(salt, 0, first, 0, salt.Length);
                first[first.Length - 1] = 1;
                byte[] u = h.ComputeHash(first);
                byte[] result = (byte[])u.Clone();
                for (int i = 1; i < iterations; i++)
                {
                    u = h.ComputeHash(u);
                    for (int j = 0; j < result.Length; j++) result[j] ^= u[j];
                }
                return result;
            }
        }

        private static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
            return diff == 0;
        }
    }
}
