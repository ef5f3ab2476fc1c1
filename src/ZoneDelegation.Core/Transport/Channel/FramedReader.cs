using System.Text;

namespace ZoneDelegation.Core.Transport.Channel;

/// <summary>
/// Reads one of a channel's streams (the ssh client's stdout or stderr) and splits it into the command's own
/// bytes and the records that carry the current command's marker (see <see cref="ChannelProtocol"/>). Bytes are
/// never decoded or split into lines here, so whatever the command printed comes out as it was sent. Only the
/// longest tail that could still be the start of the marker is held back until the next read decides it.
/// Not thread-safe: one reader per stream.
/// </summary>
internal sealed class FramedReader
{
    private readonly Stream source;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private bool endOfStream;

    public FramedReader(Stream source)
    {
        this.source = source ?? throw new ArgumentNullException(nameof(source));
    }

    /// <summary>
    /// Copies command bytes that precede <paramref name="marker"/> into <paramref name="destination"/>, blocking
    /// until there are some. Returns their count (more than 0), or 0 with the record when the marker's record was
    /// reached (and consumed), or 0 with no record when the stream ended (the channel is gone).
    /// Throws InvalidDataException when the marker is followed by something that is not a record.
    /// </summary>
    public int Read(Span<byte> destination, ReadOnlySpan<byte> marker, out (char Kind, string Value)? record)
    {
        record = null;
        while (true)
        {
            var available = buffer.AsSpan(start, end - start);
            var at = available.IndexOf(marker);
            if (at > 0)
            {
                return Take(destination, at);
            }

            if (at == 0)
            {
                var newline = available[marker.Length..].IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var tail = available.Slice(marker.Length, newline);
                    record = ChannelProtocol.ParseRecordTail(tail)
                        ?? throw new InvalidDataException("The channel sent a malformed record: " + Encoding.ASCII.GetString(tail));
                    start += marker.Length + newline + 1;
                    return 0;
                }

                if (available.Length - marker.Length > ChannelProtocol.MaxRecordTail)
                {
                    throw new InvalidDataException("The channel sent a record without its end.");
                }
            }
            else
            {
                var safe = available.Length - PossibleMarkerStart(available, marker);
                if (safe > 0)
                {
                    return Take(destination, safe);
                }
            }

            if (endOfStream)
            {
                // The channel is gone: what is left (a partial marker at most) was the command's.
                return end > start ? Take(destination, end - start) : 0;
            }

            Fill();
        }
    }

    /// <summary>Reads and drops command bytes up to the marker's record; returns the record, or null at the end of the stream.</summary>
    public (char Kind, string Value)? SkipTo(ReadOnlySpan<byte> marker)
    {
        Span<byte> discard = stackalloc byte[4096];
        while (true)
        {
            if (Read(discard, marker, out var record) == 0)
            {
                return record;
            }
        }
    }

    private int Take(Span<byte> destination, int count)
    {
        var n = Math.Min(count, destination.Length);
        buffer.AsSpan(start, n).CopyTo(destination);
        start += n;
        return n;
    }

    /// <summary>The length of the longest tail of <paramref name="data"/> that is a proper start of the marker.</summary>
    private static int PossibleMarkerStart(ReadOnlySpan<byte> data, ReadOnlySpan<byte> marker)
    {
        for (var length = Math.Min(marker.Length - 1, data.Length); length > 0; length--)
        {
            if (data[^length..].SequenceEqual(marker[..length]))
            {
                return length;
            }
        }

        return 0;
    }

    private void Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            // Only a record in progress can fill the buffer without being taken; never more than a marker and its tail.
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        int read;
        try
        {
            read = source.Read(buffer, end, buffer.Length - end);
        }
        catch (IOException)
        {
            read = 0;
        }
        catch (ObjectDisposedException)
        {
            read = 0;
        }

        if (read == 0)
        {
            endOfStream = true;
        }

        end += read;
    }
}
