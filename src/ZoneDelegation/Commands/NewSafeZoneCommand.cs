using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Creates a zone whose dataset is delegated under the RFD 44 policy ("safe"): policy, platform
/// check, plan, ShouldProcess, vmadm create with the payload on stdin, then a read-back that decides IsSafe.
/// </summary>
[Cmdlet(VerbsCommon.New, "SafeZone", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SafeZone))]
public sealed class NewSafeZoneCommand : PerRecordCmdlet
{
    private DelegationPolicy policy = DelegationPolicy.Default;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(NoCompletion))]
    public string? Alias { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSetIfGiven("joyent", "joyent-minimal", "lx", "builder", "kvm", "bhyve")]
    [ArgumentCompleter(typeof(SafeBrandCompleter))]
    [BlankMeansNotGiven]
    public string? Brand { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public Guid? ImageUuid { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(NoCompletion))]
    public Guid? OwnerUuid { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public Guid? Uuid { get; set; }

    /// <summary>Bytes (256MB); sent to vmadm in MiB, so it must be a whole number of MiB.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public long? MaxPhysicalMemory { get; set; }

    /// <summary>Bytes (10GB); sent to vmadm in GiB, so it must be a whole number of GiB.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public long? Quota { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRangeIfGiven(0, 9007199254740991)]
    [BlankMeansNotGiven]
    public long? SnapshotLimit { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRangeIfGiven(0, 9007199254740991)]
    [BlankMeansNotGiven]
    public long? FilesystemLimit { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public string? LimitPriv { get; set; }

    /// <summary>The rest of the vmadm payload: a hashtable, JSON text, or a JSON file path.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public object? Payload { get; set; }

    /// <summary>How long vmadm create (and start) may take; default 600. A create past it is not killed but reported as possibly still running.</summary>
    [Parameter]
    [BlankMeansNotGiven]
    [ValidateRange(1, 86400)]
    public int? CreateTimeoutSec { get; set; }

    protected override void OnBeginProcessing()
    {
        policy = LoadPolicyOrStop();
    }

    protected override void OnProcessRecord()
    {
        try
        {
            var connection = ResolveComputeNode();
            var request = new SafeZoneRequest
            {
                Alias = Alias,
                Brand = Brand,
                ImageUuid = ImageUuid,
                OwnerUuid = OwnerUuid,
                Uuid = Uuid,
                MaxPhysicalMemory = MaxPhysicalMemory,
                Quota = Quota,
                SnapshotLimit = SnapshotLimit,
                FilesystemLimit = FilesystemLimit,
                LimitPriv = LimitPriv,
                Payload = Payload is null ? null : JsonPayload.From(Payload, o => o is PSObject wrapped ? wrapped.BaseObject : o),
            };
            var plan = SafeZoneCreationPlanner.Plan(connection, request.ToPayload(), policy,
                createTimeout: CreateTimeoutSec is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
            foreach (var warning in plan.Warnings)
            {
                WriteWarning($"{plan.Uuid.Value}: {warning}");
            }

            foreach (var change in plan.Decision.Changes)
            {
                WriteVerbose($"{plan.Uuid.Value}: {change.Property}: {change.Before ?? "(absent)"} -> {change.After} ({change.Reason})");
            }

            WriteVerbose($"{plan.Uuid.Value}: payload {PayloadRedaction.ForDisplay(plan.Payload).ToJsonString()}");
            if (!ShouldProcess(plan.Plan.Target, plan.Plan.Describe()))
            {
                return;
            }

            WriteObject(SafeZoneCreationApplier.Apply(connection, plan, policy));
        }
        catch (Exception error) when (error is not PipelineStoppedException)
        {
            WriteZoneError(error);
        }
    }
}
