using System.Runtime.InteropServices;

namespace ZoneDelegation.Core.Policy;

/// <summary>The user and group that own a file (POSIX uid and gid).</summary>
internal readonly record struct FileOwner(uint UserId, uint GroupId)
{
    public override string ToString() => $"{UserId}:{GroupId}";
}

/// <summary>
/// Reads and sets who owns a file, so that replacing a file by rename keeps its owner (.NET has no API
/// for either). Reading goes through the runtime's own libSystem.Native stat (its FileStatus starts with
/// Flags, Mode, Uid, Gid on every platform). Two checks guard against a layout that ever changed: the
/// Mode read must match File.GetUnixFileMode here, and a caller that just created a file can compare its
/// owner with <see cref="EffectiveUserId"/> (DelegationPolicyStore does).
/// </summary>
internal static class FileOwnership
{
    // Larger than FileStatus on any runtime so far; only the first 16 bytes are read.
    private const int StatusBufferBytes = 512;
    private const int PermissionBits = 0xFFF;

    /// <summary>The file's owner, or null where it cannot be read reliably (Windows, an unexpected runtime).</summary>
    public static FileOwner? Get(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var status = new byte[StatusBufferBytes];
        try
        {
            if (Stat(path, status) != 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        var mode = BitConverter.ToInt32(status, 4);
        if ((mode & PermissionBits) != (int)File.GetUnixFileMode(path))
        {
            return null;
        }

        return new FileOwner(BitConverter.ToUInt32(status, 8), BitConverter.ToUInt32(status, 12));
    }

    /// <summary>The process's effective user id (the owner of the files it creates).</summary>
    public static uint EffectiveUserId() => GetEffectiveUserId();

    /// <summary>chown; false when the system refuses (only root may give a file away).</summary>
    public static bool TrySet(string path, FileOwner owner)
    {
        try
        {
            return Chown(path, owner.UserId, owner.GroupId) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    [DllImport("libc", EntryPoint = "chown")]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
}
