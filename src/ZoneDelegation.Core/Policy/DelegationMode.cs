namespace ZoneDelegation.Core.Policy;

/// <summary>What a payload's <c>delegate_dataset</c> asks for.</summary>
internal enum DelegationMode
{
    /// <summary>Absent or false: no delegated dataset.</summary>
    None,

    /// <summary><c>true</c>: vmadm's plain delegation, no limits, zfs receive allowed. Passed through.</summary>
    Plain,

    /// <summary><c>"safe"</c>: RFD 44 delegation, translated by the policy.</summary>
    Safe,
}
