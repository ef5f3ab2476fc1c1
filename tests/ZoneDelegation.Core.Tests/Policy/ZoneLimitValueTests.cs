using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Tests.Policy;

public class ZoneLimitValueTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("128", 128)]
    [InlineData("128.0", 128)]
    [InlineData("1e3", 1000)]
    [InlineData("9007199254740991", 9007199254740991)]
    public void Whole_non_negative_json_numbers_are_limits(string json, long expected)
    {
        Assert.True(ZoneLimitValue.TryRead(JsonNode.Parse(json), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("9007199254740992")]
    [InlineData("18446744073709551615")]
    [InlineData("\"128\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Anything_else_is_not(string json) =>
        Assert.False(ZoneLimitValue.TryRead(JsonNode.Parse(json), out _));

    [Fact]
    public void Numbers_built_from_clr_values_are_read_too()
    {
        Assert.True(ZoneLimitValue.TryRead(JsonValue.Create(64), out var fromInt));
        Assert.Equal(64, fromInt);
        Assert.True(ZoneLimitValue.TryRead(JsonValue.Create(64.0), out var fromDouble));
        Assert.Equal(64, fromDouble);
        Assert.False(ZoneLimitValue.TryRead(JsonValue.Create(2.5m), out _));
        Assert.False(ZoneLimitValue.TryRead(JsonValue.Create("64"), out _));
    }
}
