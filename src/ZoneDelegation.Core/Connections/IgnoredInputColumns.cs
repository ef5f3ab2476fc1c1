namespace ZoneDelegation.Core.Connections;

/// <summary>
/// What Connect-ComputeNode never takes from pipeline input: the key, the known_hosts file, the host-key policy and
/// the ssh config (a CSV cell is hostile: it must not choose which key or known_hosts file is used, nor relax host
/// key checking). An input record that carries them is told so once per command, with how to give them instead.
/// </summary>
internal static class IgnoredInputColumns
{
    /// <summary>The property names an input record may carry that are never bound from it.</summary>
    public static IReadOnlyList<string> Names { get; } = ["IdentityFile", "KnownHostsFile", "HostKeyPolicy", "SshConfigFile"];

    /// <summary>Which of <see cref="Names"/> a record has with a value (a blank CSV cell says nothing), in that order.</summary>
    public static IEnumerable<string> In(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var given = properties.Where(p => p.Value is not null && !string.IsNullOrWhiteSpace(p.Value.ToString()))
            .Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Names.Where(given.Contains);
    }

    /// <summary>The one warning for the columns seen (null when none was).</summary>
    public static string? Warning(IReadOnlyCollection<string> seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.Count == 0)
        {
            return null;
        }

        var columns = string.Join(", ", Names.Where(name => seen.Contains(name, StringComparer.OrdinalIgnoreCase)));
        return $"The input has {columns} values; Connect-ComputeNode never takes these from pipeline input (an inventory " +
            "must not choose which key or known_hosts file is used, nor relax host key checking), so they were ignored. " +
            "Give them as parameters (-IdentityFile, -KnownHostsFile, -HostKeyPolicy, -SshConfigFile), or per host in an ssh " +
            "config (Host, IdentityFile, UserKnownHostsFile) named with -SshConfigFile or in ~/.ssh/config.";
    }
}
