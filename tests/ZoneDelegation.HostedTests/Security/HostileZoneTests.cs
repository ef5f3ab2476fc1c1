using System.Text.Json.Nodes;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.HostedTests.Security;

/// <summary>
/// Issue 8 items 10 and 13 on a real CN (sshd, zfs-fuse, the stand-in vmadm), in a real runspace: a
/// zone whose stored VM object a hostile CN made unreadable is that zone's ParseError while the other
/// zones are still listed and audited, and a tenant's alias with terminal escapes reaches the console
/// without its control characters.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class HostileZoneTests(HostedSandbox sandbox)
{
    private const string Cn = "hostile-zones-cn";
    private const string HostileAlias = "db\u001b]0;owned\u0007\u001b[2J\u009b31m";
    private static readonly object Gate = new();
    private static Zones? zones;

    private Zones Setup()
    {
        lock (Gate)
        {
            if (zones is null)
            {
                var cn = sandbox.StartAndConnect("hx", Cn);
                var good = Create(cn, "good");
                var hostile = Create(cn, HostileAlias);
                var broken = Create(cn, "broken");

                // The stored object of one zone gets an alias vmadm never writes (a number).
                var stored = Path.Combine(cn.Environment["ZD_CN_DIR"], "vmadm", broken + ".json");
                var vm = JsonNode.Parse(File.ReadAllText(stored))!.AsObject();
                vm["alias"] = 42;
                File.WriteAllText(stored, vm.ToJsonString());
                zones = new Zones(good, hostile, broken);
            }

            return zones;
        }
    }

    [TestbedFact]
    public void Get_SafeZone_lists_the_other_zones_and_writes_the_unreadable_one_as_its_ParseError()
    {
        var made = Setup();

        var result = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {Cn}");

        Assert.Equal(new[] { made.Good, made.Hostile }.Order(), result.BaseObjects.Cast<SafeZone>().Select(z => z.Uuid).Order());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParseError,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(made.Broken, error.TargetObject);
        Assert.Contains(made.Broken, error.Exception.Message, StringComparison.Ordinal);
        Assert.StartsWith(Cn + ": ", error.ErrorDetails.Message, StringComparison.Ordinal);
    }

    [TestbedFact]
    public void Test_ZoneCompliance_audits_the_other_zones_and_Quiet_is_false()
    {
        var made = Setup();

        var result = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn}");
        var quiet = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} -Quiet -ErrorAction SilentlyContinue");

        Assert.Equal(new[] { made.Good, made.Hostile }.Order(), result.BaseObjects.Cast<ZoneCompliance>().Select(z => z.Zone).Order());
        Assert.Equal(made.Broken, Assert.Single(result.Errors).TargetObject);
        Assert.Equal([false], quiet.BaseObjects);
    }

    [TestbedFact]
    public void A_hostile_alias_reaches_the_console_without_control_characters()
    {
        var made = Setup();

        var text = sandbox.Session.Invoke(
            $"Get-SafeZone -ComputeNode {Cn} -Uuid $args[0] | Out-String -Width 200; Get-SafeZone -ComputeNode {Cn} -Uuid $args[0] | Format-List * | Out-String -Width 200; " +
            $"Test-ZoneCompliance -ComputeNode {Cn} -Zone $args[0] | Out-String -Width 200", made.Hostile).ThrowIfFailed();
        var shown = string.Concat(text.Output.Select(o => o.ToString()));

        Assert.Contains("db]0;owned[2J31m", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
    }

    private static string Create(TestbedCn cn, string alias) =>
        HostedSandbox.CreateZone(cn, new JsonObject { ["brand"] = "joyent", ["alias"] = alias, ["delegate_dataset"] = true });

    private sealed record Zones(string Good, string Hostile, string Broken);
}
