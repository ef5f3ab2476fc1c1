using System.Management.Automation;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// Closes every connection (and so every ssh ControlMaster) when the module is removed or the
/// process exits, so no master outlives the session that opened it.
/// </summary>
public sealed class ModuleLifetime : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => AppDomain.CurrentDomain.ProcessExit += CloseAll;

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        AppDomain.CurrentDomain.ProcessExit -= CloseAll;
        ConnectionRegistry.Default.CloseAll();
    }

    private static void CloseAll(object? sender, EventArgs e) => ConnectionRegistry.Default.CloseAll();
}
