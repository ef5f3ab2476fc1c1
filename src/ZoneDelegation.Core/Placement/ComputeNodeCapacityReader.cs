using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Placement;

/// <summary>
/// Reads a CN's <see cref="ComputeNodeCapacity"/> in a fixed number of commands, whatever its zone count:
/// sysinfo and the platform checks come from the connection's probes (<see cref="ComputeNodeProbe"/>,
/// <see cref="PlatformSupportTester"/>: run once per connection and kept), then two more:
/// <c>vmadm lookup -j -o uuid,alias,brand,state,max_physical_memory,quota</c> (every zone, one array) and
/// <c>zfs get -H -p -o value available &lt;Zpool&gt;</c> (the pool's free space). A CN without vmadm has no
/// zones to list (its platform check fails anyway).
/// </summary>
internal static class ComputeNodeCapacityReader
{
    /// <summary>What placement needs of each zone, and nothing more.</summary>
    public static IReadOnlyList<string> ZoneFields { get; } = ["uuid", "alias", "brand", "state", "max_physical_memory", "quota"];

    public static NativeCommand ZonesCommand { get; } = VmadmCommands.Lookup(ZoneFields);

    public static NativeCommand AvailableCommand(string pool)
    {
        var name = DatasetName.Parse(pool);
        return new NativeCommand("zfs", "get", "-H", "-p", "-o", "value", "available", name.Value);
    }

    public static ComputeNodeCapacity Read(ComputeNodeConnection connection, DelegationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(policy);
        var facts = ComputeNodeProbe.Get(connection);
        var platform = PlatformSupportTester.Test(connection, MinimumPlatform.ForAnyVersion(policy.MinimumPlatform));
        IReadOnlyList<PlacedZone> zones = facts.HasVmadm
            ? ParseZones(connection.Transport.Run(ZonesCommand).StandardOutput)
            : [];
        var available = ParseAvailable(connection.Transport.Run(AvailableCommand(facts.Zpool)).StandardOutput);
        var memory = facts.SysInfo?.MemoryMiB is { } mib && mib <= long.MaxValue ? (long?)(long)mib : null;
        return new ComputeNodeCapacity(facts.ComputeNode, platform, facts.SysInfo?.LiveImage, memory, available,
            policy.MemoryOverprovisionRatio, policy.DiskOverprovisionRatio, zones);
    }

    /// <summary>The zones of <c>vmadm lookup -j -o …</c>; a size that is absent or not a whole number counts as 0, a zone with no uuid is a ParseError.</summary>
    public static IReadOnlyList<PlacedZone> ParseZones(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var zones = new List<PlacedZone>();
        foreach (var vm in VmadmJsonParser.ParseArray(new StringReader(output)))
        {
            var uuid = VmObjectFields.ReadString(vm, "uuid") ?? throw new ParseException(VmadmJsonParser.LookupSource, 0, "a zone has no uuid.");
            // The alias is the tenant's: cleaned as everywhere it reaches -WhatIf, -Verbose or an error.
            zones.Add(new PlacedZone(uuid, TerminalText.CleanLineOrNull(VmObjectFields.ReadString(vm, "alias")),
                VmObjectFields.ReadString(vm, "brand"), VmObjectFields.ReadString(vm, "state"),
                Whole(vm, "max_physical_memory", MaxMemoryMiB), Whole(vm, "quota", MaxQuotaGiB)));
        }

        return zones;
    }

    /// <summary>The one line of <c>zfs get -H -p -o value available</c>: bytes.</summary>
    public static long ParseAvailable(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var line = output.TrimEnd('\n');
        if (line.Contains('\n', StringComparison.Ordinal) || !long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            throw new ParseException("zfs get -H -p -o value available", 1, "expected one line with a number of bytes.", line);
        }

        return bytes;
    }

    // Bounds on what a CN may claim (its output is not trusted): sums of these never overflow a long in bytes,
    // so a hostile answer cannot wrap a reservation negative and win placement.
    private const long MaxMemoryMiB = 1L << 30;  // 1 EiB of memory
    private const long MaxQuotaGiB = 1L << 30;   // 1 EiB of disk

    private static long Whole(JsonObject vm, string key, long max)
    {
        if (vm[key] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number
            || !long.TryParse(value.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return 0;
        }

        return number <= max
            ? number
            : throw new ParseException(VmadmJsonParser.LookupSource, 0, $"{key} {number} is larger than any real zone's.", value.ToJsonString());
    }
}
