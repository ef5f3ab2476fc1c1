using System.Text.Json.Nodes;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// What New-SafeZone will do on one CN, before anything runs: the policy's decision, the final payload,
/// the one-step plan (<c>vmadm create</c> with that payload on stdin) and the platform verdict.
/// -WhatIf shows <see cref="Plan"/>.Describe() and stops here.
/// </summary>
internal sealed class SafeZonePlan
{
    internal SafeZonePlan(DelegationDecision decision, ZoneUuid uuid, DatasetName zoneRoot, ChangePlan plan,
        PlatformSupport? platform, IReadOnlyList<string> warnings)
    {
        Decision = decision;
        Uuid = uuid;
        ZoneRootDataset = zoneRoot;
        Plan = plan;
        Platform = platform;
        Warnings = warnings;
    }

    public string ComputeNode => Plan.ComputeNode;

    public DelegationDecision Decision { get; }

    /// <summary>The zone's UUID: the caller's, or one assigned in the payload so the read-back knows what to read.</summary>
    public ZoneUuid Uuid { get; }

    /// <summary><c>&lt;Zpool&gt;/&lt;uuid&gt;</c> on this CN.</summary>
    public DatasetName ZoneRootDataset { get; }

    /// <summary>The payload sent on stdin: <see cref="DelegationDecision.Payload"/> (with the uuid). A copy on each read.</summary>
    public JsonObject Payload => (JsonObject)Decision.Payload.DeepClone();

    /// <summary>The payload as indented JSON, for -WhatIf and -Verbose.</summary>
    public string PayloadJson => Decision.Payload.ToJsonString(IndentedJson.Options);

    public ChangePlan Plan { get; }

    /// <summary>The platform check; null when the request is not "safe" (no check is made then).</summary>
    public PlatformSupport? Platform { get; }

    /// <summary>The policy's warnings (a plain delegate_dataset: true, a limit of 0, ...), for WriteWarning.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public override string ToString() => Plan.Describe();
}
