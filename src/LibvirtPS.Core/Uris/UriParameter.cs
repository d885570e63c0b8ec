namespace LibvirtPS.Core.Uris
{
    /// <summary>One decoded <c>name=value</c> item of a URI query, in the order it was written.</summary>
    public sealed class UriParameter
    {
        public UriParameter(string name, string value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }
        public string Value { get; }

        public override string ToString() => Name + "=" + Value;
    }
}
