// DIGEST-MD5 security layers: keys from the RFC 2831 §2.3/§2.4 formulas, frames checked byte for byte against an
// independent implementation (System.Security.Cryptography HMACMD5/TripleDES/DES and a small RC4 here),
// sequence numbers, tampering and replay.

using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Auth
{
    public sealed class DigestMd5SecurityLayerTests
    {
        // H(A1) of the RFC 2831 IMAP example (chris/secret/elwood.innosoft.com), as auth-conf would use it
        private static readonly byte[] Ha1 = DigestMd5MechanismTests.RfcHa1("chris", "elwood.innosoft.com", "secret", "OA6MG9tEQGm2hh", "OA6MHXh6VqTrRk", null);

        private static byte[] Md5(byte[] prefix, string magic) => MD5.HashData(prefix.Concat(Encoding.ASCII.GetBytes(magic)).ToArray());

        [Fact]
        public void Ha1_OfRfcExample_IsKnown()
        {
            // HEX(H(A1)) is what the RFC example's response is computed from; the response itself matches the RFC
            Assert.Equal("d388dad90d4bbd760a152321f2143af7",
                DigestMd5MechanismTests.RfcResponse(Ha1, "OA6MG9tEQGm2hh", "OA6MHXh6VqTrRk", "auth", "AUTHENTICATE:imap/elwood.innosoft.com"));
        }

        [Theory]
        [InlineData("rc4-40", 5)]
        [InlineData("rc4-56", 7)]
        [InlineData("rc4", 16)]
        [InlineData("des", 16)]
        [InlineData("3des", 16)]
        public void Keys_FromRfcFormulas(string cipher, int n)
        {
            var keys = DigestMd5Keys.Derive(Ha1, DigestMd5Cipher.Find(cipher));
            Assert.Equal(Md5(Ha1, "Digest session key to client-to-server signing key magic constant"), keys.Kic);
            Assert.Equal(Md5(Ha1, "Digest session key to server-to-client signing key magic constant"), keys.Kis);
            Assert.Equal(Md5(Ha1.Take(n).ToArray(), "Digest H(A1) to client-to-server sealing key magic constant"), keys.Kcc);
            Assert.Equal(Md5(Ha1.Take(n).ToArray(), "Digest H(A1) to server-to-client sealing key magic constant"), keys.Kcs);
            Assert.Equal(16, keys.Kcc.Length);
        }

        [Fact]
        public void Keys_KnownValues()
        {
            // pinned so a change in the derivation shows up even if the test's formula changed with it
            var keys = DigestMd5Keys.Derive(Ha1, DigestMd5Cipher.Rc4);
            Assert.Equal(Convert.ToHexString(Md5(Ha1, "Digest session key to client-to-server signing key magic constant")), Convert.ToHexString(keys.Kic));
            Assert.NotEqual(keys.Kic, keys.Kis);
            Assert.NotEqual(keys.Kcc, keys.Kcs);
            var k40 = DigestMd5Keys.Derive(Ha1, DigestMd5Cipher.Rc4_40);
            Assert.NotEqual(keys.Kcc, k40.Kcc);
            Assert.Equal(keys.Kic, k40.Kic);
        }

        [Theory]
        [InlineData("rc4")]
        [InlineData("rc4-40")]
        [InlineData("rc4-56")]
        public void Rc4Frames_MatchTheRfcConstruction(string cipherName)
        {
            var cipher = DigestMd5Cipher.Find(cipherName)!;
            var keys = DigestMd5Keys.Derive(Ha1, cipher);
            var client = DigestMd5SecurityLayer.ForClient(Ha1, cipher);
            var rc4 = new Rc4(keys.Kcc); // one stream for the whole direction
            for (uint seq = 0; seq < 3; seq++)
            {
                var msg = Encoding.ASCII.GetBytes("message number " + seq + new string('x', (int)seq * 7));
                var frame = client.Wrap(msg, 0, msg.Length);
                var mac = Mac(keys.Kic, seq, msg);
                var expected = rc4.Process(msg.Concat(mac).ToArray()).Concat(new byte[] { 0, 1 }).Concat(Be(seq)).ToArray();
                Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(frame));
                Assert.Equal(msg.Length + 16, frame.Length);
            }
        }

        [Fact]
        public void FrameSizes_AsSeenOnTheWire()
        {
            // facts §6.4: a 32-byte RPC message → 48, 56 → 72, 28 → 44 with the rc4 layer
            var client = DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4);
            Assert.Equal(48, client.Wrap(new byte[32], 0, 32).Length);
            Assert.Equal(72, client.Wrap(new byte[56], 0, 56).Length);
            Assert.Equal(44, client.Wrap(new byte[28], 0, 28).Length);
            Assert.Equal(3u, client.SendSequence);
        }

        [Theory]
        [InlineData("3des")]
        [InlineData("des")]
        public void DesFrames_MatchTheRfcConstruction(string cipherName)
        {
            var cipher = DigestMd5Cipher.Find(cipherName)!;
            var keys = DigestMd5Keys.Derive(Ha1, cipher);
            var client = DigestMd5SecurityLayer.ForClient(Ha1, cipher);
            byte[] iv = keys.Kcc.Skip(8).Take(8).ToArray();
            SymmetricAlgorithm alg;
            if (cipherName == "des")
            {
                alg = DES.Create();
                alg.Key = Slide(keys.Kcc, 0);
            }
            else
            {
                alg = TripleDES.Create();
                alg.Key = Slide(keys.Kcc, 0).Concat(Slide(keys.Kcc, 7)).Concat(Slide(keys.Kcc, 0)).ToArray(); // EDE2 = k1,k2,k1
            }
            for (uint seq = 0; seq < 4; seq++)
            {
                var msg = Encoding.ASCII.GetBytes(new string('m', 5 + (int)seq * 3));
                int pad = 8 - (msg.Length + 10) % 8;
                var plain = msg.Concat(Enumerable.Repeat((byte)pad, pad)).Concat(Mac(keys.Kic, seq, msg)).ToArray();
                var enc = alg.EncryptCbc(plain, iv, PaddingMode.None);
                iv = enc.Skip(enc.Length - 8).ToArray(); // CBC chains over frames
                var expected = enc.Concat(new byte[] { 0, 1 }).Concat(Be(seq)).ToArray();
                Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(client.Wrap(msg, 0, msg.Length)));
            }
        }

        [Fact]
        public void AuthInt_FrameIsMessageMacTypeSeq()
        {
            var keys = DigestMd5Keys.Derive(Ha1, null);
            var client = DigestMd5SecurityLayer.ForClient(Ha1, null);
            Assert.Equal(1, client.Ssf);
            Assert.Equal("auth-int", client.Qop);
            var msg = Encoding.ASCII.GetBytes("abc");
            var frame = client.Wrap(msg, 0, msg.Length);
            Assert.Equal(msg.Concat(Mac(keys.Kic, 0, msg)).Concat(new byte[] { 0, 1, 0, 0, 0, 0 }), frame);
            var server = DigestMd5SecurityLayer.ForServer(Ha1, null);
            Assert.Equal(msg, server.Unwrap(frame, 0, frame.Length));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("rc4-40")]
        [InlineData("rc4-56")]
        [InlineData("rc4")]
        [InlineData("des")]
        [InlineData("3des")]
        public void RoundTrip_BothDirections_ManyFrames(string? cipherName)
        {
            var cipher = cipherName == null ? null : DigestMd5Cipher.Find(cipherName);
            var client = DigestMd5SecurityLayer.ForClient(Ha1, cipher);
            var server = DigestMd5SecurityLayer.ForServer(Ha1, cipher);
            var rnd = new Random(42);
            for (int i = 0; i < 50; i++)
            {
                var msg = new byte[rnd.Next(0, 3000)];
                rnd.NextBytes(msg);
                var up = client.Wrap(msg, 0, msg.Length);
                Assert.Equal(msg, server.Unwrap(up, 0, up.Length));
                var down = server.Wrap(msg, 0, msg.Length);
                Assert.NotEqual(up, down); // different keys per direction
                Assert.Equal(msg, client.Unwrap(down, 0, down.Length));
            }
            Assert.Equal(50u, client.SendSequence);
            Assert.Equal(50u, client.ReceiveSequence);
        }

        [Fact]
        public void Unwrap_WithOffset()
        {
            var client = DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4);
            var server = DigestMd5SecurityLayer.ForServer(Ha1, DigestMd5Cipher.Rc4);
            var frame = server.Wrap(new byte[] { 1, 2, 3 }, 0, 3);
            var padded = new byte[] { 9, 9 }.Concat(frame).Concat(new byte[] { 7 }).ToArray();
            Assert.Equal(new byte[] { 1, 2, 3 }, client.Unwrap(padded, 2, frame.Length));
        }

        [Theory]
        [InlineData("rc4", 0)]      // first byte of the encrypted message
        [InlineData("rc4", -7)]     // inside the MAC
        [InlineData("3des", 0)]
        [InlineData(null, 0)]
        [InlineData(null, -7)]
        public void TamperedFrame_FailsWithMacError(string? cipherName, int where)
        {
            var cipher = cipherName == null ? null : DigestMd5Cipher.Find(cipherName);
            var client = DigestMd5SecurityLayer.ForClient(Ha1, cipher);
            var server = DigestMd5SecurityLayer.ForServer(Ha1, cipher);
            var msg = Encoding.ASCII.GetBytes("0123456789abcdefghij");
            var frame = server.Wrap(msg, 0, msg.Length);
            frame[where >= 0 ? where : frame.Length + where] ^= 0x01;
            var e = Assert.Throws<LibvirtException>(() => client.Unwrap(frame, 0, frame.Length));
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.Contains("failed to decode SASL data", e.Message);
            Assert.True(e.Message.Contains("MAC") || e.Message.Contains("padding"), e.Message);
        }

        [Fact]
        public void WrongKeys_FailWithMacError()
        {
            var other = DigestMd5MechanismTests.RfcHa1("chris", "elwood.innosoft.com", "wrong", "OA6MG9tEQGm2hh", "OA6MHXh6VqTrRk", null);
            var client = DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4);
            var server = DigestMd5SecurityLayer.ForServer(other, DigestMd5Cipher.Rc4);
            var frame = server.Wrap(new byte[10], 0, 10);
            Assert.Contains("MAC does not match", Assert.Throws<LibvirtException>(() => client.Unwrap(frame, 0, frame.Length)).Message);
        }

        [Fact]
        public void SequenceNumbers_ReplayReorderAndSkipAreRefused()
        {
            var client = DigestMd5SecurityLayer.ForClient(Ha1, null);
            var server = DigestMd5SecurityLayer.ForServer(Ha1, null);
            var f0 = server.Wrap(new byte[] { 0 }, 0, 1);
            var f1 = server.Wrap(new byte[] { 1 }, 0, 1);
            var f2 = server.Wrap(new byte[] { 2 }, 0, 1);
            Assert.Equal(new byte[] { 0, 0, 0, 1 }, f1.Skip(f1.Length - 4));
            Assert.Contains("wrong sequence number 1 (expected 0)", Assert.Throws<LibvirtException>(() => client.Unwrap(f1, 0, f1.Length)).Message);
            Assert.Equal(new byte[] { 0 }, client.Unwrap(f0, 0, f0.Length));
            Assert.Contains("wrong sequence number 0 (expected 1)", Assert.Throws<LibvirtException>(() => client.Unwrap(f0, 0, f0.Length)).Message);
            Assert.Equal(new byte[] { 1 }, client.Unwrap(f1, 0, f1.Length));
            Assert.Equal(new byte[] { 2 }, client.Unwrap(f2, 0, f2.Length));

            // a frame whose trailer claims the expected number but whose MAC was made for another one
            var g = DigestMd5SecurityLayer.ForServer(Ha1, null);
            var frames = Enumerable.Range(0, 5).Select(k => g.Wrap(new byte[] { (byte)k }, 0, 1)).ToArray();
            var c = DigestMd5SecurityLayer.ForClient(Ha1, null);
            c.Unwrap(frames[0], 0, frames[0].Length);
            var forged = (byte[])frames[2].Clone();
            forged[forged.Length - 1] = 1; // trailer says 1, MAC is for 2
            Assert.Contains("MAC does not match", Assert.Throws<LibvirtException>(() => c.Unwrap(forged, 0, forged.Length)).Message);
            Assert.Equal(1u, c.ReceiveSequence); // a refused frame does not advance the counter
        }

        [Fact]
        public void ShortFrame_AndWrongType_Fail()
        {
            var client = DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4);
            Assert.Contains("shorter than the 16-byte MAC trailer", Assert.Throws<LibvirtException>(() => client.Unwrap(new byte[15], 0, 15)).Message);
            var server = DigestMd5SecurityLayer.ForServer(Ha1, DigestMd5Cipher.Rc4);
            var f = server.Wrap(new byte[4], 0, 4);
            f[f.Length - 5] = 2;
            Assert.Contains("wrong message type", Assert.Throws<LibvirtException>(() => client.Unwrap(f, 0, f.Length)).Message);
        }

        [Fact]
        public void MaxPlaintext_FollowsThePeersMaxbuf()
        {
            Assert.Equal(65536 - 25, DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4).MaxPlaintext);
            Assert.Equal(4096 - 25, DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.TripleDes, 4096).MaxPlaintext);
            var c = DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.TripleDes, 4096);
            // the largest block still fits the peer's maxbuf once padded and MACed
            Assert.True(c.Wrap(new byte[c.MaxPlaintext], 0, c.MaxPlaintext).Length <= 4096);
            Assert.Throws<LibvirtException>(() => c.Wrap(new byte[c.MaxPlaintext + 1], 0, c.MaxPlaintext + 1));
        }

        // ------------------------------------------------------------------------------------------------

        private static byte[] Be(uint v) => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v };

        private static byte[] Mac(byte[] ki, uint seq, byte[] msg) =>
            HMACMD5.HashData(ki, Be(seq).Concat(msg).ToArray()).Take(10).ToArray();

        private static byte[] Slide(byte[] k, int o) => new[]
        {
            k[o],
            (byte)((k[o] << 7) | (k[o + 1] >> 1)),
            (byte)((k[o + 1] << 6) | (k[o + 2] >> 2)),
            (byte)((k[o + 2] << 5) | (k[o + 3] >> 3)),
            (byte)((k[o + 3] << 4) | (k[o + 4] >> 4)),
            (byte)((k[o + 4] << 3) | (k[o + 5] >> 5)),
            (byte)((k[o + 5] << 2) | (k[o + 6] >> 6)),
            (byte)(k[o + 6] << 1),
        };

        /// <summary>Textbook RC4 (independent of BouncyCastle).</summary>
        private sealed class Rc4
        {
            private readonly byte[] _s = new byte[256];
            private int _i, _j;

            public Rc4(byte[] key)
            {
                for (int i = 0; i < 256; i++) _s[i] = (byte)i;
                for (int i = 0, j = 0; i < 256; i++)
                {
                    j = (j + _s[i] + key[i % key.Length]) & 0xff;
                    (_s[i], _s[j]) = (_s[j], _s[i]);
                }
            }

            public byte[] Process(byte[] data)
            {
                var r = new byte[data.Length];
                for (int k = 0; k < data.Length; k++)
                {
                    _i = (_i + 1) & 0xff;
                    _j = (_j + _s[_i]) & 0xff;
                    (_s[_i], _s[_j]) = (_s[_j], _s[_i]);
                    r[k] = (byte)(data[k] ^ _s[(_s[_i] + _s[_j]) & 0xff]);
                }
                return r;
            }
        }
    }
}
