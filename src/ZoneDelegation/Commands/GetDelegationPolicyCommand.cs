using System.Management.Automation;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>Shows the effective delegation policy and the file it came from.</summary>
[Cmdlet(VerbsCommon.Get, "DelegationPolicy")]
[OutputType(typeof(DelegationPolicyInfo))]
public sealed class GetDelegationPolicyCommand : ZoneDelegationCmdlet
{
    /// <summary>A policy file to read instead of the resolved one.</summary>
    [Parameter(Position = 0)]
    [BlankMeansNotGiven]
    public string? Path { get; set; }

    protected override void OnEndProcessing()
    {
        try
        {
            WriteObject(DelegationPolicyInfo.From(PolicyAccess.Load(this, Path)));
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
        }
    }
}
