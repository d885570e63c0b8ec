namespace LibvirtPS.Core.Uris
{
    /// <summary>Where an effective parameter value came from.</summary>
    public enum ParameterOrigin { Uri, ConfigFile, Default, PassThrough }

    /// <summary>One extra parameter of a connection with the value that will be used.</summary>
    public sealed class ConnectionParameter
    {
        public ConnectionParameter(string name, string? value, ParameterOrigin origin)
        {
            Name = name;
            Value = value;
            Origin = origin;
        }

        public string Name { get; }
        public string? Value { get; }
        public ParameterOrigin Origin { get; }

        public override string ToString() => Name + "=" + Value;
    }
}
