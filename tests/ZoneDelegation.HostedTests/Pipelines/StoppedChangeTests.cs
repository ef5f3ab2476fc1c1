using System.Diagnostics;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace ZoneDelegation.HostedTests.Pipelines;

/// <summary>
/// Ctrl+C while a change runs on a fan-out worker: once the pipeline is stopping, WriteError throws, so the error
/// that explains what ran and what is in place must reach the console another way (the host's error lines).
/// The CN (one of its own) has a vmadm whose reboot blocks, so Repair-SafeZone -Restart is stopped during its
/// 2nd step, after the update ran.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class StoppedChangeTests(HostedSandbox sandbox)
{
    private const string ConnectionName = "stopchange-cn";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [TestbedFact]
    public void Ctrl_C_during_the_reboot_of_Repair_SafeZone_tells_the_console_which_steps_ran()
    {
        var cn = sandbox.DedicatedComputeNode(ConnectionName);
        var zone = HostedSandbox.CreateZone(cn, new JsonObject { ["brand"] = "joyent", ["alias"] = "stop-change", ["delegate_dataset"] = true });
        var marker = $"300.{Random.Shared.Next(100000, 999999)}";
        BlockReboot(cn, marker);
        sandbox.Host.Clear();
        using var shell = PowerShell.Create();
        shell.Runspace = sandbox.HostedSession.Runspace;
        shell.AddScript("Repair-SafeZone -ComputeNode $args[0] -Zone $args[1] -Restart -Force -Confirm:$false")
            .AddArgument(ConnectionName).AddArgument(zone);

        var running = shell.BeginInvoke();
        try
        {
            var deadline = DateTime.UtcNow + Bound;
            while (SleepsOf(marker).Count == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "vmadm reboot was never reached:\n" + string.Join("\n", sandbox.Host.Lines));
                Thread.Sleep(100);
            }

            var stopping = Task.Run(shell.Stop);
            Assert.True(stopping.Wait(Bound), $"PowerShell.Stop() did not return within {Bound}");
            Assert.True(running.AsyncWaitHandle.WaitOne(Bound), "the pipeline did not end");
            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);

            var console = string.Join("\n", sandbox.Host.Lines);
            Assert.Contains("CommandMayStillBeRunning", console, StringComparison.Ordinal);
            Assert.Contains("It was step 2 of 2.", console, StringComparison.Ordinal);
            Assert.Matches($@"Completed: 1\. [^;]*'vmadm' 'update' '{zone}'", console);
            Assert.Contains("Read back", console, StringComparison.Ordinal);
        }
        finally
        {
            // The blocked reboot was never killed (a write is not): end its sleep, the stand-in reboot then runs.
            foreach (var pid in SleepsOf(marker))
            {
                using var sleep = Process.GetProcessById(pid);
                sleep.Kill();
            }
        }
    }

    /// <summary>Wraps the CN's vmadm: a reboot first sleeps (marker <c>sleep N.xxxxxx</c>), then runs the stand-in.</summary>
    private static void BlockReboot(TestbedCn cn, string marker)
    {
        var path = Path.Combine(cn.Directory, "bin", "vmadm");
        var standIn = Path.Combine(TestbedScript.RepositoryRoot, "tests", "testbed", "standins", "vmadm");
        File.Delete(path);
        File.WriteAllText(path,
            $"""
            #!/bin/sh
            # Hosted StoppedChangeTests: a reboot that blocks, then the vmadm stand-in.
            case " $* " in *" reboot "*) sleep {marker} ;; esac
            exec '{standIn}' "$@"

            """);
        HostedSandbox.RunOnCn(cn, "chmod", "+x", path);
    }

    private static List<int> SleepsOf(string marker)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", $"^sleep {marker}$"]) { RedirectStandardOutput = true })!;
        var output = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
    }
}
