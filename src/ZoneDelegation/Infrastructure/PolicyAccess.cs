using System.Management.Automation;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Infrastructure;

/// <summary>The policy store the cmdlets share, and the -Path override (a PowerShell path, resolved here).</summary>
internal static class PolicyAccess
{
    public static DelegationPolicyStore Store { get; } = new();

    public static PolicyLoadResult Load(PSCmdlet cmdlet, string? path) =>
        path is null
            ? Store.Load()
            : Store.Load(new PolicyLocation(cmdlet.GetUnresolvedProviderPathFromPSPath(path), PolicySourceKind.Explicit));
}
