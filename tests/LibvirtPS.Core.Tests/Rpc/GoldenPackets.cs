using System;
using System.Text;

namespace LibvirtPS.Core.Tests.Rpc
{
    /// <summary>
    /// Captured packets (libvirt-facts §7.10: Debian 12 virsh ↔ libvirtd 9.0, domain 'test'
    /// UUID 6695eb01-f6a4-8304-79aa-97f2502e193f) and libvirt's tests/virnetmessagetest.c vectors (§8.4).
    /// </summary>
    internal static class GoldenPackets
    {
        internal const string AuthListCall =
            "0000001c200080860000000100000042000000000000000000000000";
        internal const string AuthListReplyNone =
            "000000242000808600000001000000420000000100000000000000000000000100000000";
        internal const string AuthListReplySasl =
            "000000242000808600000001000000420000000100000000000000000000000100000001";
        internal const string SupportsFeatureCall =
            "0000002020008086000000010000003c0000000000000001000000000000000a";
        internal const string SupportsFeatureReply =
            "0000002020008086000000010000003c00000001000000010000000000000001";
        internal const string ConnectOpenCall =
            "00000038200080860000000100000001000000000000000200000000000000010000000f746573743a2f2f2f64656661756c740000000000";
        internal const string ConnectOpenCallReadOnly =
            "00000038200080860000000100000001000000000000000200000000000000010000000f746573743a2f2f2f64656661756c740000000003";
        internal const string ConnectOpenReply =
            "0000001c200080860000000100000001000000010000000200000000";
        internal const string ListAllDomainsCall =
            "000000242000808600000001000001110000000000000006000000000000000100000003";
        internal const string ListAllDomainsReply =
            "000000402000808600000001000001110000000100000006000000000000000100000004746573746695eb01f6a4830479aa97f2502e193f0000000100000001";
        internal const string GetStateCall =
            "0000003c2000808600000001000000d400000000000000070000000000000004746573746695eb01f6a4830479aa97f2502e193f0000000100000000";
        internal const string GetStateReply =
            "000000242000808600000001000000d40000000100000007000000000000000100000000";
        internal const string LookupByNameCall =
            "00000028200080860000000100000017000000000000000600000000000000066e6f737563680000";
        internal const string NoDomainErrorReply =
            "000000702000808600000001000000170000000100000006000000010000002a0000000c0000000100000010446f6d61696e206e6f7420666f756e6400000002000000000000000100000010446f6d61696e206e6f7420666f756e640000000000000000ffffffffffffffff00000000";
        internal const string CallbackRegisterAnyCall =
            "0000002420008086000000010000013c0000000000000006000000000000000000000000";
        internal const string CallbackRegisterAnyReply =
            "0000002020008086000000010000013c00000001000000060000000000000000";
        internal const string LifecycleEvent =
            "0000004420008086000000010000013e0000000200000001000000000000000000000004746573746695eb01f6a4830479aa97f2502e193f000000010000000300000000";
        internal const string KeepalivePing =
            "0000001c6b6565700000000100000001000000020000000000000000";
        internal const string KeepalivePong =
            "0000001c6b6565700000000100000002000000020000000000000000";
        internal const string NodeGetInfoReply =
            "000000bc20008086000000010000000600000001000000060000000000000069000000360000003800000036000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000300000000000100000057800000002000000020000000200000002";
        internal const string DomainGetInfoReply =
            "0000003c20008086000000010000001000000001000000080000000000000001000000000080000000000000002000000000000218ea98713982d188";

        // tests/virnetmessagetest.c (§8.4)
        internal const string NetMessageHeaderEncode =
            "0000001c 11223344 00000001 00000666 00000000 00000099 00000000";
        internal const string NetMessageHeaderDecode =
            "0000001c 11223344 00000001 00000666 00000001 00000099 00000001";
        internal const string NetMessagePayloadError =
            "00000074 11223344 00000001 00000666 00000002 00000099 00000001" +
            "00000001 00000007" +
            "00000001 0000000b 48656c6c6f20576f726c6400" + // message "Hello World"
            "00000002" +                                   // level
            "00000000" +                                   // dom NULL
            "00000001 00000003 4f6e6500" +                 // str1 "One"
            "00000001 00000003 54776f00" +                 // str2 "Two"
            "00000001 00000005 5468726565000000" +         // str3 "Three"
            "00000001 00000002" +                          // int1, int2
            "00000000";                                    // net NULL
        internal const string NetMessageStreamHeader =
            "00000047 11223344 00000001 00000666 00000003 00000099 00000002";
        internal const string StreamText = "The quick brown fox jumps over the lazy dog";

        internal static readonly byte[] TestUuid = Bytes("6695eb01f6a4830479aa97f2502e193f");

        /// <summary>Hex (spaces allowed) to bytes.</summary>
        internal static byte[] Bytes(string hex)
        {
            hex = hex.Replace(" ", "");
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = Convert.ToByte(hex.Substring(2 * i, 2), 16);
            return bytes;
        }

        internal static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) sb.Append(b.ToString("x2"));
            return sb.ToString();
        }
    }
}
