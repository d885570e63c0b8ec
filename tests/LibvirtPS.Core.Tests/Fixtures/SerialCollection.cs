using Xunit;

namespace LibvirtPS.Core.Tests.Fixtures
{
    /// <summary>Test classes marked <c>[Collection(SerialCollection.Name)]</c> run with no other test running beside them.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SerialCollection
    {
        public const string Name = "serial";
    }
}
