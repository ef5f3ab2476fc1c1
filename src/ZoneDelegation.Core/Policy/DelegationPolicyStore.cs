using System.Text;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// Finds, reads and writes the policy file. Resolution: a system-wide file with <c>"locked": true</c> (or
/// one that cannot be read: fail closed) wins outright; else the ZONEDELEGATION_POLICY environment
/// variable if set; else the system-wide file if it exists; else the user's config file. No file means
/// the built-in defaults; a file that cannot be read or is invalid is PolicyFileInvalid, never a silent
/// default. The policy is a guardrail of this tool, not a server-side control.
/// </summary>
internal sealed class DelegationPolicyStore
{
    public const string EnvironmentVariable = "ZONEDELEGATION_POLICY";
    public const string FileName = "policy.json";

    private const string InvalidHint =
        "Fix the file (keys: enabled, allowedOwners, snapshotLimit, filesystemLimit, minimumPlatform), or replace it with Set-DelegationPolicy.";

    private readonly PolicyStoreEnvironment environment;

    public DelegationPolicyStore(PolicyStoreEnvironment? environment = null) =>
        this.environment = environment ?? PolicyStoreEnvironment.System;

    public string SystemWidePath => environment.IsWindows
        ? Path.Combine(environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "ZoneDelegation", FileName)
        : "/etc/zonedelegation/" + FileName;

    public string UserPath
    {
        get
        {
            if (environment.IsWindows)
            {
                return Path.Combine(environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "ZoneDelegation", FileName);
            }

            // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and must be ignored.
            var xdg = environment.GetVariable("XDG_CONFIG_HOME");
            var configHome = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Home(), ".config");
            return Path.Combine(configHome, "zonedelegation", FileName);
        }
    }

    public PolicyLocation Resolve()
    {
        var systemWideFile = SystemWidePath;
        if (environment.FileExists(systemWideFile) && LocksThePolicy(systemWideFile))
        {
            return new PolicyLocation(systemWideFile, PolicySourceKind.SystemWide, Locked: true);
        }

        var fromVariable = environment.GetVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromVariable))
        {
            return new PolicyLocation(Path.GetFullPath(fromVariable), PolicySourceKind.EnvironmentVariable);
        }

        var systemWide = SystemWidePath;
        return environment.FileExists(systemWide)
            ? new PolicyLocation(systemWide, PolicySourceKind.SystemWide)
            : new PolicyLocation(UserPath, PolicySourceKind.User);
    }

    public PolicyLoadResult Load() => Load(Resolve());

    /// <summary>True for a system-wide file that says "locked": true, or that cannot be read or parsed (then it is loaded, and fails loudly).</summary>
    private static bool LocksThePolicy(string path)
    {
        try
        {
            return DelegationPolicyJson.Deserialize(File.ReadAllText(path, Encoding.UTF8)).Locked;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // Fail closed: a system file that cannot be read may be a lock; loading it then says why it failed.
            return true;
        }
    }

    public PolicyLoadResult Load(PolicyLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!environment.FileExists(location.Path))
        {
            var warnings = location.Kind is PolicySourceKind.EnvironmentVariable or PolicySourceKind.Explicit
                ? new[]
                {
                    new DelegationWarning(DelegationWarningCodes.PolicyFileMissing,
                        $"The policy file '{location.Path}' ({location.Kind}) does not exist; the built-in defaults apply until it is written."),
                }
                : [];
            return new PolicyLoadResult(DelegationPolicy.Default, location, FromFile: false, warnings);
        }

        string text;
        try
        {
            text = File.ReadAllText(location.Path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid(location.Path, $"it cannot be read: {ex.Message}", ex);
        }

        DelegationPolicy policy;
        try
        {
            policy = DelegationPolicyJson.Deserialize(text);
        }
        catch (FormatException ex)
        {
            throw Invalid(location.Path, ex.Message, ex);
        }

        var validation = policy.Validate();
        if (!validation.IsValid)
        {
            throw Invalid(location.Path, string.Join(" ", validation.Errors.Select(e => e.Message)), null);
        }

        return new PolicyLoadResult(policy, location, FromFile: true, validation.Warnings);
    }

    /// <summary>Saves to the resolved location. See <see cref="Save(DelegationPolicy, PolicyLocation)"/>.</summary>
    public IReadOnlyList<DelegationWarning> Save(DelegationPolicy policy) => Save(policy, Resolve());

    /// <summary>
    /// Validates first (an invalid policy throws and writes nothing), then writes atomically: a temporary
    /// file in the same folder, renamed over the target, so a reader sees the old file or the new one,
    /// never half of one. Creates the folder. Returns the validation warnings.
    /// </summary>
    public IReadOnlyList<DelegationWarning> Save(DelegationPolicy policy, PolicyLocation location)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(location);
        var warnings = policy.EnsureValid();
        var folder = Path.GetDirectoryName(Path.GetFullPath(location.Path))!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(location.Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            // Concurrent Set-DelegationPolicy runs take turns (an exclusive lock on a file beside the policy).
            using var writers = AcquireWriterLock(Path.Combine(folder, $".{Path.GetFileName(location.Path)}.lock"));
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(DelegationPolicyJson.Serialize(policy));
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(location.Path))
            {
                // The new file keeps the old one's mode (a 0644 system file stays readable to all) and owner.
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(location.Path));
                KeepOwner(location.Path, temporary);
            }

            File.Move(temporary, location.Path, overwrite: true);
            if (!environment.IsWindows)
            {
                DirectorySync.Flush(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new ZoneDelegationException(ErrorIds.PolicyFileNotWritable, ZoneErrorCategory.PermissionDenied,
                $"The policy file '{location.Path}' cannot be written: {ex.Message}", location.Path,
                "Run as a user who may write that folder (as root or the file's owner when it belongs to another user), or point ZONEDELEGATION_POLICY at a writable path.", ex);
        }

        return warnings;
    }

    /// <summary>
    /// Gives the replacement the owner of the file it replaces. Where that is not allowed (a user writing a
    /// file another user owns), or the owners cannot be read with certainty, nothing is replaced: a
    /// root-owned system policy must not become a user's file.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void KeepOwner(string existing, string replacement)
    {
        // The replacement was just created here, so its owner must read as this process's user: that proves the read.
        var mine = FileOwnership.Get(replacement);
        if (mine is null || mine.Value.UserId != FileOwnership.EffectiveUserId() || FileOwnership.Get(existing) is not { } owner)
        {
            throw new UnauthorizedAccessException("its owner cannot be read on this system, so the new file could not be given the same owner");
        }

        if (owner == mine)
        {
            return;
        }

        if (!FileOwnership.TrySet(replacement, owner))
        {
            throw new UnauthorizedAccessException(
                $"it belongs to {owner} (uid:gid) and this process may not give the new file that owner, so saving would change it");
        }

        // The mode is set again: chown clears the set-id bits.
        File.SetUnixFileMode(replacement, File.GetUnixFileMode(existing));
    }

    private static FileStream AcquireWriterLock(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private string Home()
    {
        var home = environment.GetVariable("HOME");
        return string.IsNullOrEmpty(home) ? environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
    }

    private static ZoneDelegationException Invalid(string path, string what, Exception? inner) =>
        new(ErrorIds.PolicyFileInvalid, ZoneErrorCategory.InvalidData,
            $"The delegation policy file '{path}' is invalid: {what}", path, InvalidHint, inner);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary name is unique and hidden, a leftover harms nothing.
        }
    }
}
