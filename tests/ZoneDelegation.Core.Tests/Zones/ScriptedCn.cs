using System.Text.Json.Nodes;
using ZoneDelegation.Core.Platform;

namespace ZoneDelegation.Core.Tests.Zones;

/// <summary>A scripted SmartOS CN whose zone pool is <see cref="Pool"/> (deliberately not "zones").</summary>
public static class ScriptedCn
{
    public const string Pool = "tank";

    public static ScriptedTransport Smartos(string pool = Pool)
    {
        var sysinfo = new JsonObject
        {
            ["Live Image"] = "20240101T000000Z",
            ["UUID"] = "44454c4c-3900-1046-8033-b2c04f4a3032",
            ["Hostname"] = "cn1",
            ["Zpool"] = pool,
            ["System Type"] = "SunOS",
        };
        return new ScriptedTransport()
            .On("sysinfo", [], sysinfo.ToJsonString())
            .On(c => c.Program == "vmadm" && c.Arguments.Count == 0, stderr: "Usage: vmadm <command> [options]", exitCode: 2)
            .On("zfs", ["list"], pool + "\n");
    }

    public static PlatformSupport Supported(string computeNode = "cn1") =>
        new(computeNode, "20240101T000000Z", "6.5", "20150418T000000Z", Pool,
            [new PlatformCheck(PlatformCheckNames.PlatformStamp, true, "recent enough")]);

    public static PlatformSupport Unsupported(params string[] reasons) =>
        new("cn1", "20140101T000000Z", "6.5", "20150418T000000Z", Pool,
            reasons.Select((reason, i) => new PlatformCheck("Check" + i, false, reason)).ToArray());
}
