using Xunit;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

/// <summary>Issue 8 item 13: CN text reaches the terminal without control characters.</summary>
public class TerminalTextTests
{
    [Theory]
    [InlineData("plain alias", "plain alias")]
    [InlineData("\u001b]0;pwned\u0007web", "]0;pwnedweb")]
    [InlineData("a\u001b[2J\u001b[Hb", "a[2J[Hb")]
    [InlineData("tab\tand\nnewline", "tab\tand\nnewline")]
    [InlineData("cr\roverwrite", "croverwrite")]
    [InlineData("c1\u009b31m", "c131m")]
    [InlineData("bidi\u202Etxt.exe", "biditxt.exe")]
    public void ControlCharactersAreRemoved(string text, string expected)
    {
        Assert.Equal(expected, TerminalText.Clean(text));
    }

    [Fact]
    public void CommandStderrIsCleanedBeforeItIsReported()
    {
        using var transport = new LocalTransport();
        var (_, result) = transport.Run(new NativeCommand("/bin/sh", "-c", "printf 'bad\\033[2Jthing\\n' >&2"));
        Assert.Equal("bad[2Jthing\n", result.StandardError);
    }
}
