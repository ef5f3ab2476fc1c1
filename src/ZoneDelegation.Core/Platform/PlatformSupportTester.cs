using System.Runtime.CompilerServices;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Platform;

/// <summary>
/// Test-PlatformSupport: does the CN really have what safe delegation needs? The date is not trusted
/// alone (the minimum date is only RFD 44's estimate, "Limits on Platform Versions"): the pool feature,
/// the zfs property and the privilege are each probed.
/// The three probes run once per connection and are kept with it, like <see cref="ComputeNodeProbe"/>'s
/// facts: an audit of many zones asks the platform once, whatever the zone count.
/// </summary>
internal static class PlatformSupportTester
{
    public const string Privilege = "sys_fs_import";

    private static readonly ConditionalWeakTable<ComputeNodeConnection, PlatformCheck[]> ProbedChecks = new();

    public static PlatformSupport Test(ComputeNodeConnection connection, MinimumPlatform minimum)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(minimum);
        var facts = ComputeNodeProbe.Get(connection);
        PlatformCheck[] checks =
        [
            CheckPlatformStamp(facts, minimum),
            .. Probe(connection, facts),
            CheckVmadmPresent(facts),
        ];
        return new PlatformSupport(facts.ComputeNode, facts.SysInfo?.LiveImageText, facts.SysInfo?.SdcVersion,
            minimum.ToString(), facts.Zpool, checks);
    }

    /// <summary>Forgets the probed checks (ComputeNodeProbe.Forget calls this too).</summary>
    public static void Forget(ComputeNodeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ProbedChecks.Remove(connection);
    }

    // A lost connection or a timeout propagates and nothing is kept; a failed check is an answer and is kept.
    private static PlatformCheck[] Probe(ComputeNodeConnection connection, ComputeNodeFacts facts)
    {
        if (ProbedChecks.TryGetValue(connection, out var cached))
        {
            CommandNotices.Debug(connection.ComputeNode, "platform cache: uses the pool feature, zfs property and privilege checks made earlier on this connection; nothing is run.");
            return cached;
        }

        CommandNotices.Debug(connection.ComputeNode, "platform cache: checks the pool feature, zfs property and privilege, and keeps the answers for this connection.");

        var transport = connection.Transport;
        PlatformCheck[] probed =
        [
            CheckPoolFeature(transport, facts),
            CheckSnapshotLimitProperty(transport, facts),
            CheckPrivilegeKnown(transport),
        ];
        return ProbedChecks.GetValue(connection, _ => probed);
    }

    /// <summary>The checks a limit needs on <paramref name="pool"/> (sysinfo's Zpool when null; Set-DatasetLimit refuses when one fails).</summary>
    public static IReadOnlyList<PlatformCheck> CheckLimitSupport(ICommandTransport transport, ComputeNodeFacts facts, string? pool = null) =>
        [CheckPoolFeature(transport, facts, pool), CheckSnapshotLimitProperty(transport, facts, pool)];

    public static PlatformCheck CheckPlatformStamp(ComputeNodeFacts facts, MinimumPlatform minimum)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(minimum);
        if (facts.SysInfo is not { } sysInfo)
        {
            return Failed(PlatformCheckNames.PlatformStamp,
                "This is not a SmartOS compute node: sysinfo was not found, so its platform image is unknown.");
        }

        var decision = minimum.Evaluate(sysInfo);
        return decision.Accepted
            ? Passed(PlatformCheckNames.PlatformStamp, "The platform image is recent enough: " + decision.Reason)
            : Failed(PlatformCheckNames.PlatformStamp, "The platform image is too old for safe delegation: " + decision.Reason);
    }

    /// <summary><c>zpool get -H -o name,property,value,source feature@filesystem_limits &lt;pool&gt;</c>: enabled or active passes.</summary>
    public static PlatformCheck CheckPoolFeature(ICommandTransport transport, ComputeNodeFacts facts, string? pool = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(facts);
        const string name = PlatformCheckNames.PoolFeature;
        pool ??= facts.Zpool;
        var probe = NativeProbe.Run(transport,
            new NativeCommand("zpool", "get", "-H", "-o", "name,property,value,source", PoolFeature.FilesystemLimits, pool));
        switch (probe.Outcome)
        {
            case NativeProbeOutcome.Missing:
                return Failed(name, $"The zpool command was not found on the compute node, so the filesystem_limits feature of pool {pool} cannot be checked.");
            case NativeProbeOutcome.Failed:
                return Failed(name, $"The pool {pool} has no filesystem_limits feature, which snapshot and filesystem limits need " +
                                    $"(zpool get said: {probe.FirstErrorLine ?? "exit code " + probe.ExitCode}).");
        }

        PoolFeatureState state;
        try
        {
            var row = ZfsGetParser.ParseZpoolGet(new StringReader(probe.StandardOutput))
                .FirstOrDefault(r => r.Property == PoolFeature.FilesystemLimits);
            if (row is null)
            {
                return Failed(name, $"The pool {pool} has no filesystem_limits feature: zpool get printed no {PoolFeature.FilesystemLimits} row.");
            }

            state = PoolFeature.ParseState(row);
        }
        catch (ParseException error)
        {
            return Failed(name, $"The filesystem_limits feature of pool {pool} could not be read: {error.Message}");
        }

        return PoolFeature.IsUsable(state)
            ? Passed(name, $"The filesystem_limits feature is {state.ToString().ToLowerInvariant()} on pool {pool}.")
            : Failed(name, $"The filesystem_limits feature is disabled on pool {pool}; enable it with " +
                           $"'zpool set {PoolFeature.FilesystemLimits}=enabled {pool}' (this cannot be undone).");
    }

    /// <summary><c>zfs get -H -o property snapshot_limit &lt;pool&gt;</c> must succeed.</summary>
    public static PlatformCheck CheckSnapshotLimitProperty(ICommandTransport transport, ComputeNodeFacts facts, string? pool = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(facts);
        const string name = PlatformCheckNames.SnapshotLimitProperty;
        var probe = NativeProbe.Run(transport, new NativeCommand("zfs", "get", "-H", "-o", "property", "snapshot_limit", pool ?? facts.Zpool));
        return probe.Outcome switch
        {
            NativeProbeOutcome.Succeeded when probe.StandardOutput.Contains("snapshot_limit", StringComparison.Ordinal) =>
                Passed(name, "zfs knows the snapshot_limit property."),
            NativeProbeOutcome.Succeeded =>
                Failed(name, "zfs get of snapshot_limit printed no snapshot_limit row, so this zfs cannot limit snapshots."),
            NativeProbeOutcome.Missing => Failed(name, "The zfs command was not found on the compute node."),
            _ => Failed(name, "This zfs does not know the snapshot_limit property, so a zone's snapshots cannot be limited " +
                              $"(zfs get said: {probe.FirstErrorLine ?? "exit code " + probe.ExitCode})."),
        };
    }

    /// <summary><c>ppriv -l sys_fs_import</c> must succeed and list it.</summary>
    public static PlatformCheck CheckPrivilegeKnown(ICommandTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        const string name = PlatformCheckNames.PrivilegeKnown;
        var probe = NativeProbe.Run(transport, new NativeCommand("ppriv", "-l", Privilege));
        switch (probe.Outcome)
        {
            case NativeProbeOutcome.Missing:
                return Failed(name, $"The ppriv command was not found on the compute node, so it has no {Privilege} privilege " +
                                    "to keep a zone from receiving (zfs receive) untrusted file systems.");
            case NativeProbeOutcome.Failed:
                return Failed(name, $"The platform does not know the {Privilege} privilege, so a zone's zfs receive cannot be blocked " +
                                    $"(ppriv said: {probe.FirstErrorLine ?? "exit code " + probe.ExitCode}).");
        }

        try
        {
            return PrivilegeListParser.ReadSet(new StringReader(probe.StandardOutput)).Contains(Privilege)
                ? Passed(name, $"The platform knows the {Privilege} privilege.")
                : Failed(name, $"ppriv -l {Privilege} did not list {Privilege}, so the platform does not know it.");
        }
        catch (ParseException error)
        {
            return Failed(name, $"The privilege list could not be read: {error.Message}");
        }
    }

    public static PlatformCheck CheckVmadmPresent(ComputeNodeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.HasVmadm
            ? Passed(PlatformCheckNames.VmadmPresent, "vmadm is present.")
            : Failed(PlatformCheckNames.VmadmPresent, "The vmadm command was not found on the compute node, so zones cannot be created or updated with it.");
    }

    private static PlatformCheck Passed(string name, string reason) => new(name, true, reason);

    private static PlatformCheck Failed(string name, string reason) => new(name, false, reason);
}
