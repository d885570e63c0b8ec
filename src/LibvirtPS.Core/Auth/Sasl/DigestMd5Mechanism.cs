using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// The client side of DIGEST-MD5 (RFC 2831) as cyrus-sasl's client plugin does it for libvirt:
    /// <list type="number">
    /// <item>START carries no data; the server answers with the digest-challenge (realm, nonce, qop-options,
    /// cipher-opts, maxbuf, charset, algorithm=md5-sess).</item>
    /// <item>The client picks the protection like cyrus: with the wanted SSF range [MinSsf, MaxSsf] minus the
    /// external SSF, auth-conf with the strongest offered cipher inside the range, else auth-int when an SSF of 1
    /// is enough, else auth when no layer is needed; sends the digest-response (digest-uri
    /// <c>libvirt/&lt;host&gt;</c>, nc 00000001, a random cnonce, maxbuf 65536, charset=utf-8 when the server said so).</item>
    /// <item>The server's <c>rspauth</c> is checked (mutual authentication) before the mechanism is complete;
    /// then <see cref="SecurityLayer"/> holds the auth-int/auth-conf layer (null for qop=auth).</item>
    /// </list>
    /// The password is asked once, hashed into H({user, ":", realm, ":", password}) at once and not kept.
    /// </summary>
    public sealed class DigestMd5Mechanism : ISaslMechanism
    {
        /// <summary>The client's receive buffer (libvirt sets maxbufsize 65536).</summary>
        public const int ClientMaxBuffer = 65536;

        private const string Nc = "00000001";

        private readonly Func<string>? _cnonceSource;
        private SaslContext? _context;
        private State _state;
        private byte[]? _ha1;
        private string? _expectedRspauth;
        private DigestMd5Cipher? _cipher;
        private string _qop = "auth";
        private int _serverMaxBuffer = 65536;
        private ISaslSecurityLayer? _layer;

        private enum State { New, Started, WaitingForRspauth, Complete, Failed }

        public DigestMd5Mechanism() { }

        /// <summary>For tests: a fixed client nonce (the RFC 2831 examples).</summary>
        internal DigestMd5Mechanism(Func<string> cnonceSource)
        {
            _cnonceSource = cnonceSource;
        }

        public string Name => "DIGEST-MD5";

        /// <summary>rc4 (128 bits) is the strongest layer cyrus' DIGEST-MD5 offers.</summary>
        public int MaxSsf => 128;

        public bool IsComplete => _state == State.Complete;

        public ISaslSecurityLayer? SecurityLayer => _state == State.Complete ? _layer : null;

        /// <summary>After the digest-response: the qop chosen (auth, auth-int, auth-conf).</summary>
        public string Qop => _qop;

        /// <summary>After the digest-response: the cipher chosen for auth-conf, else null.</summary>
        public DigestMd5Cipher? Cipher => _cipher;

        /// <summary>DIGEST-MD5 is server-first: no initial response.</summary>
        public byte[]? Start(SaslContext context)
        {
            if (_state != State.New) throw new InvalidOperationException("DIGEST-MD5 was already started");
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _state = State.Started;
            return null;
        }

        public byte[]? Step(byte[]? challenge)
        {
            switch (_state)
            {
                case State.Started:
                    try
                    {
                        var response = Respond(challenge);
                        _state = State.WaitingForRspauth;
                        return response;
                    }
                    catch
                    {
                        Forget();
                        _state = State.Failed;
                        throw;
                    }
                case State.WaitingForRspauth:
                    try
                    {
                        CheckRspauth(challenge);
                    }
                    catch
                    {
                        Forget();
                        _state = State.Failed;
                        throw;
                    }
                    if (_qop != "auth") _layer = DigestMd5SecurityLayer.ForClient(_ha1!, _cipher, _serverMaxBuffer);
                    Forget();
                    _state = State.Complete;
                    return null;
                case State.Complete:
                    // a server that sends more after rspauth: nothing left to say
                    if (challenge != null && challenge.Length > 0) throw Failure("unexpected data after the server's rspauth");
                    return null;
                case State.New:
                    throw new InvalidOperationException("DIGEST-MD5: Start was not called");
                default:
                    throw new InvalidOperationException("DIGEST-MD5 authentication has already failed");
            }
        }

        private void Forget()
        {
            if (_ha1 != null) Array.Clear(_ha1, 0, _ha1.Length);
            _ha1 = null;
        }

        // --------------------------------------------------------------------------------------------------
        // digest-challenge → digest-response

        private byte[] Respond(byte[]? challengeBytes)
        {
            if (challengeBytes == null || challengeBytes.Length == 0) throw Failure("the server sent no digest-challenge");
            if (challengeBytes.Length > 2048) throw Failure("the digest-challenge is longer than 2048 bytes");
            var ctx = _context!;
            List<KeyValuePair<string, string>> d;
            string? nonce, charset, algorithm, maxbuf;
            List<string> realms, qops, ciphers;
            try
            {
                d = DigestMd5Directives.Parse(Encoding.UTF8.GetString(challengeBytes));
                nonce = DigestMd5Directives.Single(d, "nonce");
                charset = DigestMd5Directives.Single(d, "charset");
                algorithm = DigestMd5Directives.Single(d, "algorithm");
                maxbuf = DigestMd5Directives.Single(d, "maxbuf");
                realms = DigestMd5Directives.All(d, "realm");
                qops = DigestMd5Directives.SplitOptions(DigestMd5Directives.Single(d, "qop") ?? "auth");
                ciphers = DigestMd5Directives.SplitOptions(DigestMd5Directives.Single(d, "cipher"));
            }
            catch (FormatException e)
            {
                throw Failure("Parse error in the digest-challenge: " + e.Message);
            }
            if (nonce == null) throw Failure("Don't have nonce.");
            if (algorithm == null || !string.Equals(algorithm, "md5-sess", StringComparison.OrdinalIgnoreCase))
                throw Failure("'algorithm' directive must be md5-sess");
            bool utf8 = charset != null;
            if (utf8 && !string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase)) throw Failure("Invalid charset value: " + charset);
            if (maxbuf != null)
            {
                if (!int.TryParse(maxbuf, NumberStyles.None, CultureInfo.InvariantCulture, out _serverMaxBuffer) || _serverMaxBuffer <= 16)
                    throw Failure("Invalid maxbuf parameter: " + maxbuf);
            }

            ChooseProtection(ctx, qops, ciphers);

            // credentials: authentication name, optional authorization id, realm, password
            string authName = ctx.GetCredential?.Invoke(SaslCredentialKind.AuthName, "Please enter your authentication name") ?? "";
            if (authName.Trim().Length == 0) throw Failure("All-whitespace username.");
            string? authzid = ctx.GetCredential?.Invoke(SaslCredentialKind.UserName, "Please enter your authorization name");
            if (string.IsNullOrEmpty(authzid) || authzid == authName) authzid = null;
            string realm = ChooseRealm(ctx, realms);

            string cnonce = _cnonceSource?.Invoke() ?? NewCnonce();
            string digestUri = ctx.Service + "/" + ctx.Host;

            var credential = ctx.GetPassword?.Invoke();
            if (credential == null) throw Failure("no password given");
            byte[] secret;
            {
                byte[] user = HashEncoding(authName, utf8);
                byte[] realmBytes = HashEncoding(realm, utf8);
                string password = credential.Password ?? "";
                byte[] pass = HashEncoding(password, utf8);
                var buf = new byte[user.Length + 1 + realmBytes.Length + 1 + pass.Length];
                int o = 0;
                Buffer.BlockCopy(user, 0, buf, o, user.Length); o += user.Length;
                buf[o++] = (byte)':';
                Buffer.BlockCopy(realmBytes, 0, buf, o, realmBytes.Length); o += realmBytes.Length;
                buf[o++] = (byte)':';
                Buffer.BlockCopy(pass, 0, buf, o, pass.Length);
                secret = Md5(buf);
                Array.Clear(buf, 0, buf.Length);
                Array.Clear(pass, 0, pass.Length);
            }
            _ha1 = ComputeHa1(secret, nonce, cnonce, authzid);
            Array.Clear(secret, 0, secret.Length);

            string response = ComputeResponse(_ha1, nonce, Nc, cnonce, _qop, digestUri, "AUTHENTICATE");
            _expectedRspauth = ComputeResponse(_ha1, nonce, Nc, cnonce, _qop, digestUri, "");

            var sb = new StringBuilder();
            if (utf8) DigestMd5Directives.AppendToken(sb, "charset", "utf-8");
            DigestMd5Directives.AppendQuoted(sb, "username", authName);
            DigestMd5Directives.AppendQuoted(sb, "realm", realm);
            if (authzid != null) DigestMd5Directives.AppendQuoted(sb, "authzid", authzid);
            DigestMd5Directives.AppendQuoted(sb, "nonce", nonce);
            DigestMd5Directives.AppendQuoted(sb, "cnonce", cnonce);
            DigestMd5Directives.AppendToken(sb, "nc", Nc);
            DigestMd5Directives.AppendToken(sb, "qop", _qop);
            if (_cipher != null) DigestMd5Directives.AppendToken(sb, "cipher", _cipher.Name);
            DigestMd5Directives.AppendToken(sb, "maxbuf", ClientMaxBuffer.ToString(CultureInfo.InvariantCulture));
            DigestMd5Directives.AppendQuoted(sb, "digest-uri", digestUri);
            DigestMd5Directives.AppendToken(sb, "response", response);
            return Encoding.UTF8.GetBytes(sb.ToString());
        }

        /// <summary>cyrus' choice (digestmd5.c make_client_response): the layer inside the wanted SSF range.</summary>
        private void ChooseProtection(SaslContext ctx, List<string> qops, List<string> cipherNames)
        {
            int limit = ctx.MaxSsf - ctx.ExternalSsf;
            int musthave = ctx.MinSsf - ctx.ExternalSsf;
            bool offersConf = qops.Any(q => string.Equals(q, "auth-conf", StringComparison.OrdinalIgnoreCase));
            bool offersInt = qops.Any(q => string.Equals(q, "auth-int", StringComparison.OrdinalIgnoreCase));
            bool offersAuth = qops.Any(q => string.Equals(q, "auth", StringComparison.OrdinalIgnoreCase));

            DigestMd5Cipher? best = null;
            if (limit > 1 && offersConf)
            {
                foreach (var name in cipherNames)
                {
                    var c = DigestMd5Cipher.Find(name);
                    if (c == null || c.Ssf > limit || c.Ssf < musthave) continue;
                    if (best == null || c.Ssf > best.Ssf) best = c;
                }
            }
            if (best != null)
            {
                _qop = "auth-conf";
                _cipher = best;
            }
            else if (musthave <= 1 && limit >= 1 && offersInt)
            {
                _qop = "auth-int";
                _cipher = null;
            }
            else if (musthave <= 0 && offersAuth)
            {
                _qop = "auth";
                _cipher = null;
            }
            else
            {
                throw Failure("No good protection layer: need SSF " + ctx.MinSsf + ".." + ctx.MaxSsf + ", server offers qop '" +
                    string.Join(",", qops) + "'" + (cipherNames.Count > 0 ? " with ciphers '" + string.Join(",", cipherNames) + "'" : ""));
            }
        }

        /// <summary>
        /// One realm in the challenge: that one. Several: the Realm credential (must be one of them; first when none
        /// is given). None: the Realm credential if given, else the server's host name (cyrus' serverFQDN).
        /// </summary>
        private static string ChooseRealm(SaslContext ctx, List<string> realms)
        {
            if (realms.Count == 1) return realms[0];
            if (realms.Count > 1)
            {
                string? r = ctx.GetCredential?.Invoke(SaslCredentialKind.Realm, "Please enter your realm (" + string.Join(", ", realms) + ")");
                if (string.IsNullOrEmpty(r)) return realms[0];
                return r!;
            }
            string? own = ctx.GetCredential?.Invoke(SaslCredentialKind.Realm, "Please enter your realm");
            return string.IsNullOrEmpty(own) ? ctx.Host : own!;
        }

        // --------------------------------------------------------------------------------------------------
        // response-auth

        private void CheckRspauth(byte[]? data)
        {
            if (data == null || data.Length == 0) throw Failure("the server sent no rspauth");
            string? rspauth;
            try
            {
                rspauth = DigestMd5Directives.Single(DigestMd5Directives.Parse(Encoding.UTF8.GetString(data)), "rspauth");
            }
            catch (FormatException e)
            {
                throw Failure("Parse error in the server's response-auth: " + e.Message);
            }
            if (rspauth == null) throw Failure("Server didn't return rspauth");
            if (!string.Equals(rspauth, _expectedRspauth, StringComparison.OrdinalIgnoreCase))
                throw Failure("This server wants us to believe that he knows shared secret");
        }

        // --------------------------------------------------------------------------------------------------
        // RFC 2831 §2.1.2.1 formulas (internal for the tests)

        /// <summary>
        /// A string for H({user, ":", realm, ":", passwd}): ISO 8859-1 when every character fits (RFC 2831: with
        /// charset=utf-8 such strings are converted back to 8859-1), else UTF-8 (only allowed with charset=utf-8).
        /// </summary>
        internal static byte[] HashEncoding(string s, bool utf8Allowed)
        {
            bool latin1 = true;
            foreach (char c in s) if (c > 0xFF) { latin1 = false; break; }
            if (latin1)
            {
                var b = new byte[s.Length];
                for (int i = 0; i < s.Length; i++) b[i] = (byte)s[i];
                return b;
            }
            if (!utf8Allowed) throw Failure("a name or password outside ISO 8859-1 needs charset=utf-8, which the server did not offer");
            return Encoding.UTF8.GetBytes(s);
        }

        /// <summary>H(A1), A1 = { H({user:realm:passwd}), ":", nonce, ":", cnonce [, ":", authzid] } (16 bytes).</summary>
        internal static byte[] ComputeHa1(byte[] userRealmPassHash, string nonce, string cnonce, string? authzid)
        {
            var tail = Encoding.UTF8.GetBytes(":" + nonce + ":" + cnonce + (authzid != null ? ":" + authzid : ""));
            var a1 = new byte[userRealmPassHash.Length + tail.Length];
            Buffer.BlockCopy(userRealmPassHash, 0, a1, 0, userRealmPassHash.Length);
            Buffer.BlockCopy(tail, 0, a1, userRealmPassHash.Length, tail.Length);
            var h = Md5(a1);
            Array.Clear(a1, 0, a1.Length);
            return h;
        }

        /// <summary>
        /// response-value = HEX(KD(HEX(H(A1)), { nonce, ":", nc, ":", cnonce, ":", qop, ":", HEX(H(A2)) })) with
        /// A2 = { method, ":", digest-uri } (+ ":00000000000000000000000000000000" for auth-int and auth-conf);
        /// method "AUTHENTICATE" for the response, "" for rspauth.
        /// </summary>
        internal static string ComputeResponse(byte[] ha1, string nonce, string nc, string cnonce, string qop, string digestUri, string method)
        {
            string a2 = method + ":" + digestUri;
            if (qop == "auth-int" || qop == "auth-conf") a2 += ":00000000000000000000000000000000";
            string kd = Hex(ha1) + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + Hex(Md5(Encoding.UTF8.GetBytes(a2)));
            return Hex(Md5(Encoding.UTF8.GetBytes(kd)));
        }

        internal static byte[] Md5(byte[] data)
        {
            using (var md5 = MD5.Create()) return md5.ComputeHash(data);
        }

        internal static string Hex(byte[] b)
        {
            var sb = new StringBuilder(b.Length * 2);
            foreach (var x in b) sb.Append(x.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        private static string NewCnonce()
        {
            var b = new byte[24];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(b);
            return Convert.ToBase64String(b);
        }

        /// <summary>libvirt's wording for a failed local step, with cyrus' DIGEST-MD5 detail.</summary>
        private static LibvirtException Failure(string detail) =>
            new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc,
                "Failed to step SASL negotiation: -1 (SASL(-1): generic failure: " + detail + ")");
    }
}
