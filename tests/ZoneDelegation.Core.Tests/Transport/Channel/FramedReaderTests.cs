using System.Text;
using Xunit;
using ZoneDelegation.Core.Transport.Channel;

namespace ZoneDelegation.Core.Tests.Transport.Channel;

public class FramedReaderTests
{
    private const string Marker = "7f3a9c1e5b2d4f6a8c0e1a3b5d7f9e2c";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(31)]
    [InlineData(4096)]
    public void CommandBytesComeOutUntouchedWhereverTheReadsSplitThem(int chunk)
    {
        // NUL, no trailing newline, a look-alike marker and the start of the real one just before it.
        var payload = "a\0b\r\n@@ZD-EXIT=0@@\n0123456789abcdef0123456789abcdef E 0\nno newline 7f3a9c";
        var reader = new FramedReader(new ChunkedStream(Encoding.UTF8.GetBytes(payload + Marker + " E 0\n" + "next"), chunk));

        var (output, record) = ReadAll(reader, Marker);

        Assert.Equal(payload, output);
        Assert.Equal(('E', "0"), record);
    }

    [Fact]
    public void MegabytesWithoutANewlinePassThrough()
    {
        var big = new string('x', 3_000_000);
        var reader = new FramedReader(new ChunkedStream(Encoding.ASCII.GetBytes(big + Marker + " E 3\n"), 65536));
        var (output, record) = ReadAll(reader, Marker);
        Assert.Equal(big.Length, output.Length);
        Assert.Equal(('E', "3"), record);
    }

    [Fact]
    public void StartRecordThenEndRecordAreReadInOrder()
    {
        var reader = new FramedReader(new MemoryStream(Encoding.ASCII.GetBytes($"err1{Marker} P 4242\nerr2{Marker} E 1\n")));
        var (before, start) = ReadAll(reader, Marker);
        var (after, end) = ReadAll(reader, Marker);
        Assert.Equal(("err1", ('P', "4242")), (before, start));
        Assert.Equal(("err2", ('E', "1")), (after, end));
    }

    [Fact]
    public void EndOfStreamBeforeTheRecordIsNoRecordAndKeepsTheBytes()
    {
        var reader = new FramedReader(new MemoryStream(Encoding.ASCII.GetBytes("partial output " + Marker[..10])));
        var (output, record) = ReadAll(reader, Marker);
        Assert.Equal("partial output " + Marker[..10], output);
        Assert.Null(record);
    }

    [Theory]
    [InlineData(" X 0\n")]
    [InlineData(" E 0;rm\n")]
    [InlineData("E 0\n")]
    public void MarkerFollowedByAnythingButARecordIsAProtocolError(string tail)
    {
        var reader = new FramedReader(new MemoryStream(Encoding.ASCII.GetBytes(Marker + tail)));
        Assert.Throws<InvalidDataException>(() => ReadAll(reader, Marker));
    }

    private static (string Output, (char Kind, string Value)? Record) ReadAll(FramedReader reader, string marker)
    {
        var bytes = new MemoryStream();
        var buffer = new byte[1000];
        while (true)
        {
            var count = reader.Read(buffer, Encoding.ASCII.GetBytes(marker), out var record);
            if (count == 0)
            {
                return (Encoding.UTF8.GetString(bytes.ToArray()), record);
            }

            bytes.Write(buffer, 0, count);
        }
    }

    /// <summary>A pipe that hands out at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
