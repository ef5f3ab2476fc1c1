using System.Runtime.InteropServices;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// fsync of a folder (POSIX): after a rename, the new directory entry reaches the disk too, so a crash
/// cannot bring the old file back. Best effort where the call is not available.
/// </summary>
internal static class DirectorySync
{
    public static void Flush(string folder)
    {
        try
        {
            var descriptor = Open(folder, 0 /* O_RDONLY */);
            if (descriptor < 0)
            {
                return;
            }

            _ = Fsync(descriptor);
            _ = Close(descriptor);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync")]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);
}
