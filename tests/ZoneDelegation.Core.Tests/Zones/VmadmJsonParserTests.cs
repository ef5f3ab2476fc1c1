using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Zones;

public sealed class VmadmJsonParserTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData("  [ \n ]\n")]
    public void AnEmptyArrayYieldsNothing(string text) =>
        Assert.Empty(VmadmJsonParser.ParseArray(new StringReader(text)));

    [Fact]
    public void ElementsWithBracketsCommasAndEscapesInStringsAreCutCorrectly()
    {
        var text = """
            [
              {"uuid": "a", "alias": "x],[{\"y\"}\\", "tags": {"k": [1, 2, {"z": "]"}]}},
              {"uuid": "b"}
            ]
            """;
        var objects = VmadmJsonParser.ParseArray(new StringReader(text)).ToList();
        Assert.Equal(2, objects.Count);
        Assert.Equal("x],[{\"y\"}\\", objects[0]["alias"]!.GetValue<string>());
        Assert.Equal("b", objects[1]["uuid"]!.GetValue<string>());
    }

    [Fact]
    public void ElementsAreYieldedBeforeTheRestOfTheOutputIsRead()
    {
        var reader = new CountingReader("[{\"uuid\": \"a\"}, " + string.Join(", ", Enumerable.Repeat("{\"uuid\": \"b\"}", 10_000)) + "]");
        using var objects = VmadmJsonParser.ParseArray(reader).GetEnumerator();

        Assert.True(objects.MoveNext());
        Assert.Equal("a", objects.Current["uuid"]!.GetValue<string>());
        Assert.True(reader.Consumed < 100, $"read {reader.Consumed} characters for the first element");
    }

    [Theory]
    [InlineData("", "no output")]
    [InlineData("{\"uuid\": \"a\"}", "expected '['")]
    [InlineData("[{\"uuid\": \"a\"},", "not closed")]
    [InlineData("[{\"uuid\": \"a\"", "not closed")]
    [InlineData("[1]", "expected a JSON object")]
    [InlineData("[{\"uuid\": }]", "invalid JSON")]
    [InlineData("[{}] x", "after the array")]
    [InlineData("[{}}]", "unbalanced")]
    public void MalformedOutputIsAParseError(string text, string problem)
    {
        var error = Assert.ThrowsAny<ZoneDelegationException>(() => VmadmJsonParser.ParseArray(new StringReader(text)).ToList());
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseErrorsNameTheLine()
    {
        var error = Assert.ThrowsAny<ZoneDelegation.Core.Zfs.Parsing.ParseException>(() =>
            VmadmJsonParser.ParseArray(new StringReader("[\n{\"uuid\": \"a\"},\n42\n]")).ToList());
        Assert.Equal(3, error.LineNumber);
    }

    [Fact]
    public void ObjectParsesVmadmGet()
    {
        var vm = VmadmJsonParser.ParseObject(new StringReader("{\n  \"uuid\": \"a\",\n  \"datasets\": []\n}\n"));
        Assert.Equal("a", vm["uuid"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"uuid\": ")]
    public void ObjectRefusesWhatIsNotOneObject(string text)
    {
        var error = Assert.ThrowsAny<ZoneDelegationException>(() => VmadmJsonParser.ParseObject(new StringReader(text)));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
    }

    private sealed class CountingReader(string text) : TextReader
    {
        private int position;

        public int Consumed => position;

        public override int Peek() => position < text.Length ? text[position] : -1;

        public override int Read() => position < text.Length ? text[position++] : -1;
    }
}
