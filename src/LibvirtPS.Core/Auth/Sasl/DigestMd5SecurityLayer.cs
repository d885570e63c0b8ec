using System;
using System.Security.Cryptography;
using System.Text;
using LibvirtPS.Core.Errors;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>A DIGEST-MD5 cipher of RFC 2831 §2.4 as cyrus-sasl offers them (name, SSF, bytes of H(A1) in Kc).</summary>
    public sealed class DigestMd5Cipher
    {
        private DigestMd5Cipher(string name, int ssf, int keyBytes, int blockSize)
        {
            Name = name;
            Ssf = ssf;
            KeyBytes = keyBytes;
            BlockSize = blockSize;
        }

        public string Name { get; }

        /// <summary>The strength cyrus gives it (rc4-40 40, rc4-56 56, rc4 128, des 55, 3des 112).</summary>
        public int Ssf { get; }

        /// <summary>n in Kcc = MD5({H(A1)[0..n-1], magic}): 5 for rc4-40, 7 for rc4-56, 16 otherwise.</summary>
        public int KeyBytes { get; }

        /// <summary>0 for the RC4 stream ciphers, 8 for DES/3DES in CBC mode.</summary>
        public int BlockSize { get; }

        public static readonly DigestMd5Cipher Rc4_40 = new DigestMd5Cipher("rc4-40", 40, 5, 0);
        public static readonly DigestMd5Cipher Rc4_56 = new DigestMd5Cipher("rc4-56", 56, 7, 0);
        public static readonly DigestMd5Cipher Rc4 = new DigestMd5Cipher("rc4", 128, 16, 0);
        public static readonly DigestMd5Cipher Des = new DigestMd5Cipher("des", 55, 16, 8);
        public static readonly DigestMd5Cipher TripleDes = new DigestMd5Cipher("3des", 112, 16, 8);

        /// <summary>cyrus' table order (digestmd5.c available_ciphers).</summary>
        public static readonly DigestMd5Cipher[] All = { Rc4_40, Rc4_56, Rc4, Des, TripleDes };

        public static DigestMd5Cipher? Find(string name)
        {
            foreach (var c in All) if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
            return null;
        }

        public override string ToString() => Name;
    }

    /// <summary>The four keys of RFC 2831 §2.3/§2.4 for one session.</summary>
    public sealed class DigestMd5Keys
    {
        internal const string ClientSignMagic = "Digest session key to client-to-server signing key magic constant";
        internal const string ServerSignMagic = "Digest session key to server-to-client signing key magic constant";
        internal const string ClientSealMagic = "Digest H(A1) to client-to-server sealing key magic constant";
        internal const string ServerSealMagic = "Digest H(A1) to server-to-client sealing key magic constant";

        /// <summary>Derives Kic, Kis (always) and Kcc, Kcs (when a cipher is given) from the binary H(A1).</summary>
        public static DigestMd5Keys Derive(byte[] ha1, DigestMd5Cipher? cipher)
        {
            if (ha1 == null || ha1.Length != 16) throw new ArgumentException("H(A1) is 16 bytes", nameof(ha1));
            var keys = new DigestMd5Keys
            {
                Kic = Md5Concat(ha1, 16, ClientSignMagic),
                Kis = Md5Concat(ha1, 16, ServerSignMagic),
            };
            if (cipher != null)
            {
                keys.Kcc = Md5Concat(ha1, cipher.KeyBytes, ClientSealMagic);
                keys.Kcs = Md5Concat(ha1, cipher.KeyBytes, ServerSealMagic);
            }
            return keys;
        }

        public byte[] Kic { get; private set; } = new byte[0];
        public byte[] Kis { get; private set; } = new byte[0];
        public byte[] Kcc { get; private set; } = new byte[0];
        public byte[] Kcs { get; private set; } = new byte[0];

        private static byte[] Md5Concat(byte[] ha1, int n, string magic)
        {
            var m = Encoding.ASCII.GetBytes(magic);
            var buf = new byte[n + m.Length];
            Buffer.BlockCopy(ha1, 0, buf, 0, n);
            Buffer.BlockCopy(m, 0, buf, n, m.Length);
            using (var md5 = MD5.Create())
            {
                var h = md5.ComputeHash(buf);
                Array.Clear(buf, 0, n);
                return h;
            }
        }
    }

    /// <summary>
    /// DIGEST-MD5's integrity (auth-int) and confidentiality (auth-conf) layers, RFC 2831 §2.3 / §2.4, as cyrus-sasl
    /// implements them:
    /// <list type="bullet">
    /// <item>auth-int: <c>message || HMAC-MD5(Ki, seq || message)[0..9] || 00 01 || seq</c></item>
    /// <item>auth-conf: <c>CIPHER(Kc, message || padding || HMAC-MD5(Ki, seq || message)[0..9]) || 00 01 || seq</c>;
    /// padding only for the 8-byte block ciphers (1..8 bytes of the pad length), RC4 and DES/3DES-CBC keep their
    /// state from one frame to the next.</item>
    /// </list>
    /// Sequence numbers count frames per direction from 0. Wrap and Unwrap have separate state, so one thread may
    /// wrap while another unwraps.
    /// </summary>
    public sealed class DigestMd5SecurityLayer : ISaslSecurityLayer
    {
        /// <summary>10-byte MAC + 2-byte message type + 4-byte sequence number.</summary>
        public const int TrailerLength = 16;

        private const int MacLength = 10;

        private readonly object _sendLock = new object();
        private readonly object _recvLock = new object();
        private readonly HMac _sendMac;
        private readonly HMac _recvMac;
        private readonly IStreamOrBlock? _encrypt;
        private readonly IStreamOrBlock? _decrypt;
        private readonly DigestMd5Cipher? _cipher;
        private uint _sendSeq;
        private uint _recvSeq;

        private DigestMd5SecurityLayer(DigestMd5Keys keys, DigestMd5Cipher? cipher, bool client, int peerMaxBuffer)
        {
            _cipher = cipher;
            _sendMac = NewMac(client ? keys.Kic : keys.Kis);
            _recvMac = NewMac(client ? keys.Kis : keys.Kic);
            if (cipher != null)
            {
                _encrypt = NewCipher(cipher, client ? keys.Kcc : keys.Kcs, true);
                _decrypt = NewCipher(cipher, client ? keys.Kcs : keys.Kcc, false);
            }
            Ssf = cipher?.Ssf ?? 1;
            // the peer takes frames of at most its maxbuf bytes: leave room for the MAC, type, sequence number and
            // the block padding (cyrus takes 25 off for the same reason)
            int max = peerMaxBuffer - (TrailerLength + 9);
            MaxPlaintext = Math.Max(1, Math.Min(max, 65536));
        }

        /// <summary>The client's layer (sends with Kic/Kcc, receives with Kis/Kcs). No cipher = auth-int.</summary>
        public static DigestMd5SecurityLayer ForClient(byte[] ha1, DigestMd5Cipher? cipher, int serverMaxBuffer = 65536) =>
            new DigestMd5SecurityLayer(DigestMd5Keys.Derive(ha1, cipher), cipher, true, serverMaxBuffer);

        /// <summary>The server's layer (the mirror image; used by tests and fake servers).</summary>
        public static DigestMd5SecurityLayer ForServer(byte[] ha1, DigestMd5Cipher? cipher, int clientMaxBuffer = 65536) =>
            new DigestMd5SecurityLayer(DigestMd5Keys.Derive(ha1, cipher), cipher, false, clientMaxBuffer);

        /// <summary>1 for auth-int, the cipher's strength for auth-conf.</summary>
        public int Ssf { get; }

        public int MaxPlaintext { get; }

        /// <summary>auth-int or auth-conf.</summary>
        public string Qop => _cipher == null ? "auth-int" : "auth-conf";

        /// <summary>The cipher of auth-conf, null for auth-int.</summary>
        public DigestMd5Cipher? Cipher => _cipher;

        /// <summary>Sequence number the next Wrap will use.</summary>
        public uint SendSequence { get { lock (_sendLock) return _sendSeq; } }

        /// <summary>Sequence number the next Unwrap expects.</summary>
        public uint ReceiveSequence { get { lock (_recvLock) return _recvSeq; } }

        public byte[] Wrap(byte[] plaintext, int offset, int count)
        {
            if (plaintext == null) throw new ArgumentNullException(nameof(plaintext));
            if (offset < 0 || count < 0 || offset + count > plaintext.Length) throw new ArgumentOutOfRangeException(nameof(count));
            if (count > MaxPlaintext)
            {
                throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc,
                    "failed to encode SASL data: " + count + " bytes is more than the layer's limit of " + MaxPlaintext);
            }
            lock (_sendLock)
            {
                uint seq = _sendSeq;
                var mac = ComputeMac(_sendMac, seq, plaintext, offset, count);
                byte[] frame;
                if (_encrypt == null)
                {
                    frame = new byte[count + TrailerLength];
                    Buffer.BlockCopy(plaintext, offset, frame, 0, count);
                    Buffer.BlockCopy(mac, 0, frame, count, MacLength);
                }
                else
                {
                    int pad = _cipher!.BlockSize == 0 ? 0 : _cipher.BlockSize - ((count + MacLength) % _cipher.BlockSize);
                    int sealedLength = count + pad + MacLength;
                    frame = new byte[sealedLength + 6];
                    Buffer.BlockCopy(plaintext, offset, frame, 0, count);
                    for (int i = 0; i < pad; i++) frame[count + i] = (byte)pad;
                    Buffer.BlockCopy(mac, 0, frame, count + pad, MacLength);
                    _encrypt.Process(frame, 0, sealedLength);
                }
                int t = frame.Length - 6;
                frame[t] = 0;
                frame[t + 1] = 1;
                WriteUInt32(frame, t + 2, seq);
                _sendSeq = unchecked(seq + 1);
                return frame;
            }
        }

        public byte[] Unwrap(byte[] frame, int offset, int count)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            if (offset < 0 || count < 0 || offset + count > frame.Length) throw new ArgumentOutOfRangeException(nameof(count));
            if (count < TrailerLength) throw DecodeError("frame of " + count + " bytes is shorter than the " + TrailerLength + "-byte MAC trailer");
            lock (_recvLock)
            {
                uint seq = _recvSeq;
                int t = offset + count - 6;
                if (frame[t] != 0 || frame[t + 1] != 1) throw DecodeError("wrong message type " + frame[t].ToString("x2") + frame[t + 1].ToString("x2") + " (expected 0001)");
                uint got = ReadUInt32(frame, t + 2);
                if (got != seq) throw DecodeError("wrong sequence number " + got + " (expected " + seq + ")");

                byte[] message;
                byte[] mac = new byte[MacLength];
                if (_decrypt == null)
                {
                    int len = count - TrailerLength;
                    message = new byte[len];
                    Buffer.BlockCopy(frame, offset, message, 0, len);
                    Buffer.BlockCopy(frame, offset + len, mac, 0, MacLength);
                }
                else
                {
                    int sealedLength = count - 6;
                    if (_cipher!.BlockSize != 0 && sealedLength % _cipher.BlockSize != 0)
                        throw DecodeError("encrypted part of " + sealedLength + " bytes is not a multiple of the cipher block");
                    var plain = new byte[sealedLength];
                    Buffer.BlockCopy(frame, offset, plain, 0, sealedLength);
                    _decrypt.Process(plain, 0, sealedLength);
                    Buffer.BlockCopy(plain, sealedLength - MacLength, mac, 0, MacLength);
                    int pad = 0;
                    if (_cipher.BlockSize != 0)
                    {
                        pad = plain[sealedLength - MacLength - 1];
                        if (pad < 1 || pad > _cipher.BlockSize || pad > sealedLength - MacLength)
                            throw DecodeError("bad padding (MAC check failed)");
                    }
                    int len = sealedLength - MacLength - pad;
                    message = new byte[len];
                    Buffer.BlockCopy(plain, 0, message, 0, len);
                }
                var expected = ComputeMac(_recvMac, seq, message, 0, message.Length);
                if (!FixedEquals(expected, mac)) throw DecodeError("MAC does not match (frame " + seq + ")");
                _recvSeq = unchecked(seq + 1);
                return message;
            }
        }

        private static LibvirtException DecodeError(string why) =>
            new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc, "failed to decode SASL data: DIGEST-MD5: " + why);

        private static HMac NewMac(byte[] key)
        {
            var mac = new HMac(new MD5Digest());
            mac.Init(new KeyParameter(key));
            return mac;
        }

        private static byte[] ComputeMac(HMac mac, uint seq, byte[] data, int offset, int count)
        {
            var s = new byte[4];
            WriteUInt32(s, 0, seq);
            mac.BlockUpdate(s, 0, 4);
            mac.BlockUpdate(data, offset, count);
            var full = new byte[mac.GetMacSize()];
            mac.DoFinal(full, 0); // also resets for the next frame
            var r = new byte[MacLength];
            Buffer.BlockCopy(full, 0, r, 0, MacLength);
            return r;
        }

        private static bool FixedEquals(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            int d = 0;
            for (int i = 0; i < a.Length; i++) d |= a[i] ^ b[i];
            return d == 0;
        }

        internal static void WriteUInt32(byte[] b, int o, uint v)
        {
            b[o] = (byte)(v >> 24);
            b[o + 1] = (byte)(v >> 16);
            b[o + 2] = (byte)(v >> 8);
            b[o + 3] = (byte)v;
        }

        internal static uint ReadUInt32(byte[] b, int o) =>
            (uint)(b[o] << 24 | b[o + 1] << 16 | b[o + 2] << 8 | b[o + 3]);

        /// <summary>
        /// cyrus' slidebits: 7 key bytes spread over 8 DES key bytes (the low bit of each is parity, which DES
        /// ignores).
        /// </summary>
        internal static byte[] SlideBits(byte[] input, int offset)
        {
            var k = new byte[8];
            k[0] = input[offset];
            k[1] = (byte)((input[offset] << 7) | (input[offset + 1] >> 1));
            k[2] = (byte)((input[offset + 1] << 6) | (input[offset + 2] >> 2));
            k[3] = (byte)((input[offset + 2] << 5) | (input[offset + 3] >> 3));
            k[4] = (byte)((input[offset + 3] << 4) | (input[offset + 4] >> 4));
            k[5] = (byte)((input[offset + 4] << 3) | (input[offset + 5] >> 5));
            k[6] = (byte)((input[offset + 5] << 2) | (input[offset + 6] >> 6));
            k[7] = (byte)(input[offset + 6] << 1);
            return k;
        }

        private static IStreamOrBlock NewCipher(DigestMd5Cipher cipher, byte[] kc, bool encrypt)
        {
            if (cipher.BlockSize == 0)
            {
                // RC4 keyed with all 16 bytes of Kc (for rc4-40/-56 the weakening is in Kc's derivation)
                var rc4 = new RC4Engine();
                rc4.Init(encrypt, new KeyParameter(kc));
                return new StreamCipherAdapter(rc4);
            }
            var iv = new byte[8];
            Buffer.BlockCopy(kc, 8, iv, 0, 8);
            IBlockCipher engine;
            byte[] key;
            if (cipher == DigestMd5Cipher.Des)
            {
                engine = new DesEngine();
                key = SlideBits(kc, 0);
            }
            else
            {
                // two-key 3DES (EDE with k1, k2, k1): k1 from Kc[0..6], k2 from Kc[7..13]
                engine = new DesEdeEngine();
                key = new byte[16];
                Buffer.BlockCopy(SlideBits(kc, 0), 0, key, 0, 8);
                Buffer.BlockCopy(SlideBits(kc, 7), 0, key, 8, 8);
            }
            // CBC keeps its chaining value between frames, as cyrus carries the ivec over
            var cbc = new CbcBlockCipher(engine);
            cbc.Init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
            return new BlockCipherAdapter(cbc);
        }

        private interface IStreamOrBlock
        {
            void Process(byte[] data, int offset, int count);
        }

        private sealed class StreamCipherAdapter : IStreamOrBlock
        {
            private readonly IStreamCipher _cipher;
            public StreamCipherAdapter(IStreamCipher cipher) { _cipher = cipher; }
            public void Process(byte[] data, int offset, int count) => _cipher.ProcessBytes(data, offset, count, data, offset);
        }

        private sealed class BlockCipherAdapter : IStreamOrBlock
        {
            private readonly IBlockCipher _cipher;
            public BlockCipherAdapter(IBlockCipher cipher) { _cipher = cipher; }

            public void Process(byte[] data, int offset, int count)
            {
                int bs = _cipher.GetBlockSize();
                var tmp = new byte[bs];
                for (int i = 0; i < count; i += bs)
                {
                    _cipher.ProcessBlock(data, offset + i, tmp, 0);
                    Buffer.BlockCopy(tmp, 0, data, offset + i, bs);
                }
            }
        }
    }
}
