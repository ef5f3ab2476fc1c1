using System.Text;

namespace ZoneDelegation.Core.Transport;

/// <summary>Quoting for a POSIX shell: every argument single-quoted, an embedded ' as '\''.</summary>
internal static class PosixShell
{
    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var builder = new StringBuilder(argument.Length + 2);
        builder.Append('\'');
        foreach (var c in argument)
        {
            if (c == '\'')
            {
                builder.Append("'\\''");
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append('\'');
        return builder.ToString();
    }

    /// <summary>Program and arguments, each quoted, joined by spaces.</summary>
    public static string Join(string program, IEnumerable<string> arguments)
    {
        var builder = new StringBuilder(Quote(program));
        foreach (var argument in arguments)
        {
            builder.Append(' ').Append(Quote(argument));
        }

        return builder.ToString();
    }
}
