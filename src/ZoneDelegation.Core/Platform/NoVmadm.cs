using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Platform;

/// <summary>The one way a read that needs vmadm says a CN has none: PlatformNotSupported, naming the CN.</summary>
internal static class NoVmadm
{
    /// <param name="computeNode">The CN without vmadm (the error's target).</param>
    /// <param name="consequence">What follows, e.g. "so it has no zones this module can audit".</param>
    /// <param name="hint">What the operator can do instead.</param>
    public static ZoneDelegationException Error(string computeNode, string consequence, string hint) =>
        new(ErrorIds.PlatformNotSupported, ZoneErrorCategory.NotImplemented,
            $"{computeNode} has no vmadm, {consequence}.", computeNode, hint);
}
