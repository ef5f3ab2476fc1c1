using Xunit;
namespace ZoneDelegation.IntegrationTests.Testbed;

/// <summary>Every test class that uses sandbox CNs joins this collection: <c>[Collection(TestbedCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class TestbedCollection : ICollectionFixture<TestbedFixture>
{
    public const string Name = "Testbed";
}
