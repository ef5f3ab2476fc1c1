using ZoneDelegation.Core.Output;

namespace ZoneDelegation.Core.Platform;

/// <summary>Whether a CN can host safely delegated datasets (RFD 44), with every check and its reason.</summary>
public sealed class PlatformSupport
{
    public PlatformSupport(string computeNode, string? liveImage, string? sdcVersion, string minimumPlatform,
        string zpool, IReadOnlyList<PlatformCheck> checks)
    {
        ArgumentException.ThrowIfNullOrEmpty(computeNode);
        ComputeNode = computeNode;
        LiveImage = liveImage;
        SdcVersion = sdcVersion;
        MinimumPlatform = minimumPlatform ?? throw new ArgumentNullException(nameof(minimumPlatform));
        Zpool = zpool ?? throw new ArgumentNullException(nameof(zpool));
        Checks = ReadableList.Sentences(checks ?? throw new ArgumentNullException(nameof(checks)));
        Reasons = ReadableList.Sentences(checks.Where(check => !check.Passed).Select(check => check.Reason));
    }

    public string ComputeNode { get; }

    /// <summary>sysinfo "Live Image" as printed; null without sysinfo.</summary>
    public string? LiveImage { get; }

    /// <summary>sysinfo "SDC Version" (6.5 when absent); null without sysinfo.</summary>
    public string? SdcVersion { get; }

    /// <summary>The minimum platform judged against, as text (a stamp or the JSON object form).</summary>
    public string MinimumPlatform { get; }

    /// <summary>The pool the checks looked at.</summary>
    public string Zpool { get; }

    public IReadOnlyList<PlatformCheck> Checks { get; }

    /// <summary>True when every check passed.</summary>
    public bool Supported => Reasons.Count == 0;

    /// <summary>The failed checks' reasons, in check order.</summary>
    public IReadOnlyList<string> Reasons { get; }

    public PlatformCheck this[string name] => Checks.First(check => check.Name == name);
}
