using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zfs;

/// <summary>Reads what a failed zfs command meant (LC_ALL=C, so the messages are libzfs's English ones).</summary>
internal static class ZfsCommandFailure
{
    /// <summary>"cannot open 'x': dataset does not exist".</summary>
    public static bool IsDatasetMissing(NativeCommandException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.ErrorId == ErrorIds.NativeCommandFailed &&
               error.StandardError.Contains("dataset does not exist", StringComparison.Ordinal);
    }

    /// <summary>"bad property list: invalid property 'snapshot_limit'": this zfs does not know a property.</summary>
    public static bool IsUnknownProperty(NativeCommandException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.ErrorId == ErrorIds.NativeCommandFailed && error.ExitCode is not null &&
               error.StandardError.Contains("invalid property", StringComparison.Ordinal);
    }

    /// <summary>ZoneNotFound (ObjectNotFound) for a zone whose root dataset does not exist on the CN.</summary>
    public static ZoneDelegationException ZoneNotFound(ZoneUuid zone, DatasetName zoneRoot, string computeNode, Exception? cause = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(zoneRoot);
        return new ZoneDelegationException(ErrorIds.ZoneNotFound, ZoneErrorCategory.ObjectNotFound,
            $"There is no zone {zone} on {computeNode}: its zone root dataset {zoneRoot} does not exist.", zone.Value,
            "Get-SafeZone lists the zones of a compute node; check the UUID and the -ComputeNode.", cause);
    }
}
