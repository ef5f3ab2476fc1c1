using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// Closes every connection (and so every ssh ControlMaster) when the module is removed or the
/// process exits, so no master outlives the session that opened it. On import, masters left behind
/// by a session that was killed (and whose watchdog died too) are ended (ControlMasterLeftovers).
/// </summary>
public sealed class ModuleLifetime : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        AppDomain.CurrentDomain.ProcessExit += CloseAll;
        // In the background: import must not wait on ssh.
        new Thread(() => ControlMasterLeftovers.CleanUp()) { IsBackground = true, Name = "ZoneDelegation leftover masters" }.Start();
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        AppDomain.CurrentDomain.ProcessExit -= CloseAll;
        ConnectionRegistry.Default.CloseAll();
    }

    private static void CloseAll(object? sender, EventArgs e) => ConnectionRegistry.Default.CloseAll();
}
