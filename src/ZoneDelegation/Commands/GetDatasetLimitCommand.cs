using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>Reads a zone's snapshot and filesystem limits, their counts, and its quota, from the zone root.</summary>
[Cmdlet(VerbsCommon.Get, "DatasetLimit")]
[OutputType(typeof(DatasetLimit))]
public sealed class GetDatasetLimitCommand : ZoneDelegationCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[] Zone { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget? ComputeNode { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var zone in Zone)
        {
            try
            {
                WriteObject(DatasetLimitReader.Read(ResolveComputeNode(ComputeNode), ZoneUuid.Parse(zone)));
            }
            catch (Exception error) when (error is not PipelineStoppedException)
            {
                WriteZoneError(error);
            }
        }
    }
}
