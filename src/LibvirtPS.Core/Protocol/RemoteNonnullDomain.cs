using System;
using System.Text;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Protocol
{
    /// <summary><c>remote_nonnull_domain</c>: how every call names a domain. <see cref="Id"/> is -1 for an inactive domain.</summary>
    [XdrStruct]
    public sealed partial class RemoteNonnullDomain
    {
        public RemoteNonnullDomain() { }

        public RemoteNonnullDomain(string name, byte[] uuid, int id)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Uuid = uuid ?? throw new ArgumentNullException(nameof(uuid));
            Id = id;
        }

        public string Name { get; set; } = "";

        [XdrFixed(RemoteLimits.UuidLength)]
        public byte[] Uuid { get; set; } = new byte[RemoteLimits.UuidLength];

        public int Id { get; set; } = -1;

        /// <summary>The UUID as libvirt prints it (<c>6695eb01-f6a4-8304-79aa-97f2502e193f</c>).</summary>
        public string UuidString => FormatUuid(Uuid);

        /// <summary>Formats 16 raw bytes as libvirt's lowercase 8-4-4-4-12 form.</summary>
        public static string FormatUuid(byte[] uuid)
        {
            if (uuid == null || uuid.Length != RemoteLimits.UuidLength) throw new ArgumentException("a UUID has 16 bytes", nameof(uuid));
            var sb = new StringBuilder(36);
            for (int i = 0; i < uuid.Length; i++)
            {
                if (i == 4 || i == 6 || i == 8 || i == 10) sb.Append('-');
                sb.Append(uuid[i].ToString("x2"));
            }
            return sb.ToString();
        }

        public override string ToString() => Name + " (" + UuidString + ", id " + Id + ")";
    }
}
