using System.Collections.Generic;

namespace LibvirtPS.Core.Uris
{
    /// <summary>The kinds of value libvirt's config syntax has.</summary>
    public enum VirConfValueType { String, Integer, List }

    /// <summary>One value of a libvirt-style config file: a string, an integer or a list of values.</summary>
    public sealed class VirConfValue
    {
        private VirConfValue(VirConfValueType type, string? text, long number, IReadOnlyList<VirConfValue>? items)
        {
            Type = type;
            Text = text;
            Number = number;
            Items = items ?? new List<VirConfValue>();
        }

        public VirConfValueType Type { get; }
        public string? Text { get; }
        public long Number { get; }
        public IReadOnlyList<VirConfValue> Items { get; }

        public static VirConfValue FromString(string text) => new VirConfValue(VirConfValueType.String, text, 0, null);
        public static VirConfValue FromNumber(long number) => new VirConfValue(VirConfValueType.Integer, null, number, null);
        public static VirConfValue FromList(IReadOnlyList<VirConfValue> items) => new VirConfValue(VirConfValueType.List, null, 0, items);
    }
}
