using System.Text;
using System.Text.Json;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Platform;

/// <summary>
/// The oldest platform a CN may run, in one of two forms:
/// <list type="bullet">
/// <item>Triton's min_platform object, SDC version -> stamp (<c>{"7.0": "20150418T000000Z"}</c>), judged by
/// DAPI's rule (sdc-designation lib/algorithms/shared/platform-versions.js filterMinPlatforms).</item>
/// <item>A bare stamp (<c>20150418T000000Z</c>), which means "Live Image at or above this stamp, whatever the
/// SDC version". DAPI wraps its bare defaults as {"7.0": stamp}, but then a standalone SmartOS CN (no "SDC
/// Version", so 6.5) has no entry and lies below the only key: it would be rejected whatever its platform.
/// What we gate on (limits, sys_fs_import) is a property of the platform image alone, so a bare stamp
/// applies to every version.</item>
/// </list>
/// </summary>
internal sealed class MinimumPlatform
{
    private const string Hint =
        "Give a platform stamp (20150418T000000Z) or a JSON object of SDC version to stamp, e.g. {\"7.0\": \"20150418T000000Z\"}.";

    private readonly SortedDictionary<SdcVersionNumber, PlatformStamp> byVersion;

    private MinimumPlatform(PlatformStamp? anyVersion, SortedDictionary<SdcVersionNumber, PlatformStamp> byVersion)
    {
        AnyVersion = anyVersion;
        this.byVersion = byVersion;
    }

    /// <summary>RFD 44's estimate of the first platform with limits and the recv privilege (OS-2329, OS-3757).</summary>
    public static MinimumPlatform SafeDelegationDefault { get; } = ForAnyVersion(PlatformStamp.Parse("20150418T000000Z"));

    /// <summary>The bare-stamp form; null for the per-version form.</summary>
    public PlatformStamp? AnyVersion { get; }

    /// <summary>The per-version form, ordered by version; empty for the bare-stamp form.</summary>
    public IReadOnlyDictionary<SdcVersionNumber, PlatformStamp> ByVersion => byVersion;

    public static MinimumPlatform ForAnyVersion(PlatformStamp stamp) => new(stamp, []);

    public static MinimumPlatform ForVersions(IEnumerable<KeyValuePair<SdcVersionNumber, PlatformStamp>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var map = new SortedDictionary<SdcVersionNumber, PlatformStamp>();
        foreach (var (version, stamp) in entries)
        {
            map[version] = stamp;
        }

        return new MinimumPlatform(null, map);
    }

    /// <summary>
    /// A bare stamp, or a JSON object of version to stamp. Keys that are not <c>\d+.\d+</c> are ignored
    /// (DAPI does the same with e.g. "smartos"); a value that is not a stamp is InvalidPlatformStamp.
    /// </summary>
    public static MinimumPlatform Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed[0] != '{')
        {
            return ForAnyVersion(PlatformStamp.Parse(trimmed));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(trimmed);
        }
        catch (JsonException e)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidPlatformStamp, ZoneErrorCategory.InvalidArgument,
                $"'{text}' is not a minimum platform: the JSON is malformed ({e.Message}).", text, Hint, e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ZoneDelegationException(ErrorIds.InvalidPlatformStamp, ZoneErrorCategory.InvalidArgument,
                    $"'{text}' is not a minimum platform: expected a JSON object.", text, Hint);
            }

            var entries = new List<KeyValuePair<SdcVersionNumber, PlatformStamp>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!SdcVersionNumber.TryParse(property.Name, out var version))
                {
                    continue;
                }

                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                entries.Add(new(version, PlatformStamp.Parse(value)));
            }

            return ForVersions(entries);
        }
    }

    /// <summary>Judges a CN from its sysinfo.</summary>
    public PlatformDecision Evaluate(SysInfo sysInfo)
    {
        ArgumentNullException.ThrowIfNull(sysInfo);
        return Evaluate(sysInfo.SdcVersion, sysInfo.LiveImage);
    }

    /// <summary>
    /// Judges a CN. <paramref name="sdcVersion"/> is sysinfo "SDC Version" (null or empty means "6.5");
    /// <paramref name="liveImage"/> is sysinfo "Live Image". Per-version form, as DAPI: accepted when the
    /// CN's version is above the highest key; or its Live Image is at or above the entry for its version;
    /// or there is no entry for its version and the version lies strictly between the lowest and highest keys.
    /// </summary>
    public PlatformDecision Evaluate(string? sdcVersion, PlatformStamp? liveImage)
    {
        var versionText = string.IsNullOrEmpty(sdcVersion) ? SdcVersionNumber.Default.ToString() : sdcVersion;
        var server = $"{{\"{versionText}\":\"{liveImage?.Value ?? "unknown"}\"}}";
        if (liveImage is not { } image)
        {
            return new(false, $"the compute node reports no Live Image (sysinfo), so its platform is unknown; server has {server}.");
        }

        if (AnyVersion is { } minimum)
        {
            return image >= minimum
                ? new(true, $"Live Image {image} is at or above the minimum {minimum}.")
                : new(false, $"Live Image {image} is older than the minimum {minimum}.");
        }

        if (byVersion.Count == 0)
        {
            return new(true, "no minimum platform is set.");
        }

        var required = $"requires min platforms {this}, but server has {server}";
        if (!SdcVersionNumber.TryParse(versionText, out var version))
        {
            return new(false, $"SDC Version '{versionText}' is not major.minor; {required}.");
        }

        var lowest = byVersion.Keys.First();
        var highest = byVersion.Keys.Last();
        if (version > highest)
        {
            return new(true, $"SDC Version {version} is newer than every version in {this}.");
        }

        if (byVersion.TryGetValue(version, out var forVersion))
        {
            return image >= forVersion
                ? new(true, $"Live Image {image} is at or above {forVersion}, the minimum for SDC Version {version}.")
                : new(false, $"Live Image {image} is older than {forVersion}, the minimum for SDC Version {version}: {required}.");
        }

        return lowest < version && version < highest
            ? new(true, $"there is no minimum for SDC Version {version}, which lies between {lowest} and {highest}.")
            : new(false, $"there is no minimum for SDC Version {version} and it is not between {lowest} and {highest}: {required}.");
    }

    /// <summary>The bare stamp, or the JSON object form.</summary>
    public override string ToString()
    {
        if (AnyVersion is { } stamp)
        {
            return stamp.Value;
        }

        var builder = new StringBuilder("{");
        foreach (var (version, minimum) in byVersion)
        {
            builder.Append(builder.Length > 1 ? "," : string.Empty).Append('"').Append(version).Append("\":\"").Append(minimum).Append('"');
        }

        return builder.Append('}').ToString();
    }
}
