using System.Management.Automation;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Changes the delegation policy: validated first, written atomically (temp file + rename). The settings bind by
/// property name, so Get-DelegationPolicy (or a CSV of it) pipes in; -Path never does (where a policy was read is not
/// where it is to be written: a piped policy goes to the resolved location, or to -Path given here).
/// </summary>
[Cmdlet(VerbsCommon.Set, "DelegationPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DelegationPolicyInfo))]
public sealed class SetDelegationPolicyCommand : ZoneDelegationCmdlet
{
    /// <summary>The operator's switch for safe delegation.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanText] // blank is "not given" there too, as BlankMeansNotGiven does elsewhere
    public bool? Enabled { get; set; }

    /// <summary>Binds Get-DelegationPolicy's AllowedOwners; a CSV cell lists the UUIDs separated by commas.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("AllowedOwners")]
    [AllowEmptyCollection]
    [ListText] // blank is "not given" there too, as BlankMeansNotGiven does elsewhere
    public Guid[]? AllowedOwner { get; set; }

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
    public string? MinimumPlatform { get; set; }

    /// <summary>New-SafeZone's placement: a zone's max_physical_memory counts as max_physical_memory / this (0.1 to 100; DAPI's default 1.0).</summary>
    [Parameter]
    [BlankMeansNotGiven]
    public double? MemoryOverprovisionRatio { get; set; }

    /// <summary>New-SafeZone's placement: a zone's quota counts as quota / this (0.1 to 100; DAPI's default 1.0).</summary>
    [Parameter]
    [BlankMeansNotGiven]
    public double? DiskOverprovisionRatio { get; set; }

    /// <summary>A policy file to write instead of the resolved one.</summary>
    [Parameter]
    [BlankMeansNotGiven]
    public string? Path { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    // Each piped policy is applied in turn; with no pipeline input ProcessRecord runs once.
    protected override void OnProcessRecord()
    {
        try
        {
            var loaded = PolicyAccess.Load(this, Path);
            var update = new DelegationPolicyUpdate
            {
                Enabled = Enabled,
                AllowedOwners = AllowedOwner,
                SnapshotLimit = SnapshotLimit,
                FilesystemLimit = FilesystemLimit,
                MinimumPlatform = MinimumPlatform,
                MemoryOverprovisionRatio = MemoryOverprovisionRatio,
                DiskOverprovisionRatio = DiskOverprovisionRatio,
            };
            var (updated, warnings) = update.ApplyTo(loaded.Policy);
            foreach (var warning in warnings)
            {
                WriteWarning(warning.Message);
            }

            if (!ShouldProcess(loaded.Location.Path, update.Describe(loaded.Policy, updated)))
            {
                return;
            }

            PolicyAccess.Store.Save(updated, loaded.Location);
            if (PassThru)
            {
                WriteObject(DelegationPolicyInfo.From(PolicyAccess.Store.Load(loaded.Location)));
            }
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
        }
    }
}
