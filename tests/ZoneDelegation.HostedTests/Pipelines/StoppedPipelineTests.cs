using System.Diagnostics;
using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Pipelines;

/// <summary>
/// A long listing stopped early: <c>Select-Object -First 1</c> and <c>PowerShell.Stop()</c> end
/// Get-ZoneSnapshot promptly and leave no ssh client or remote process behind. The CN (one of its
/// own) holds a zone with a few hundred real zfs-fuse snapshots, and its zfs keeps the snapshot
/// listing's stdout open after the last row (a slow CN): only stopping the command ends it, so a
/// cmdlet that waited for the end would be seen waiting. Bounds are generous; they catch a hang, not a slowness.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class StoppedPipelineTests(HostedSandbox sandbox)
{
    private const string ConnectionName = "stop-cn";
    private const int SnapshotsPerDataset = 16;

    // The tail outlives every bound below by far: finishing "in time" can only mean being stopped.
    private const int TailSeconds = 300;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [TestbedFact]
    public void Select_First_1_ends_the_listing_and_its_processes()
    {
        var (cn, zone, tail) = Arrange();
        var watch = Stopwatch.StartNew();

        var result = sandbox.Session.Invoke("Get-ZoneSnapshot -Zone $args[0] -ComputeNode $args[1] | Select-Object -First 1", zone, ConnectionName).ThrowIfFailed();

        Assert.True(watch.Elapsed < Bound, $"Select-Object -First 1 took {watch.Elapsed}");
        Assert.Equal(zone, Assert.Single(result.Output).Properties["Zone"].Value);
        AssertNothingLeft(cn, zone, tail);
    }

    [TestbedFact]
    public void PowerShell_Stop_mid_stream_ends_the_cmdlet_and_its_processes()
    {
        var (cn, zone, tail) = Arrange();
        using var shell = PowerShell.Create();
        shell.Runspace = sandbox.Session.Runspace;
        shell.AddScript("Get-ZoneSnapshot -Zone $args[0] -ComputeNode $args[1]").AddArgument(zone).AddArgument(ConnectionName);
        var output = new PSDataCollection<PSObject>();
        using var first = new ManualResetEventSlim();
        output.DataAdded += (_, _) => first.Set();

        var running = shell.BeginInvoke<PSObject, PSObject>(null, output);
        Assert.True(first.Wait(Bound), "no snapshot arrived");
        var watch = Stopwatch.StartNew();
        var stopping = Task.Run(shell.Stop);

        Assert.True(stopping.Wait(Bound), $"PowerShell.Stop() did not return within {Bound}");
        Assert.True(running.AsyncWaitHandle.WaitOne(Bound), "the pipeline did not end");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.True(watch.Elapsed < Bound, $"stopping took {watch.Elapsed}");
        Assert.InRange(output.Count, 1, 16 * SnapshotsPerDataset);
        AssertNothingLeft(cn, zone, tail);
    }

    [TestbedFact]
    public void PowerShell_Stop_ends_a_fan_out_whose_CN_is_silent()
    {
        // Get-SafeZone reads on a worker (FanOut); stopping must reach the worker's command too.
        var (cn, zone, tail) = Arrange();
        using var shell = PowerShell.Create();
        shell.Runspace = sandbox.Session.Runspace;
        shell.AddScript("Get-SafeZone -ComputeNode $args[0]").AddArgument(ConnectionName);

        var running = shell.BeginInvoke();
        var deadline = DateTime.UtcNow + Bound;
        while (Pgrep($"sleep {tail}").Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "vmadm lookup never reached its slow tail");
            Thread.Sleep(100);
        }

        var stopping = Task.Run(shell.Stop);
        Assert.True(stopping.Wait(Bound), $"PowerShell.Stop() did not return within {Bound}");
        Assert.True(running.AsyncWaitHandle.WaitOne(Bound), "the pipeline did not end");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        AssertNothingLeft(cn, zone, tail);
    }

    /// <summary>
    /// Once per run: a zone on the CN with 16 datasets (root, data, 14 more) x 16 recursive snapshots,
    /// then the CN's zfs and vmadm wrapped so a snapshot listing and a zone lookup sleep (marker
    /// <c>sleep N.xxxxxx</c>) after their output.
    /// </summary>
    private (TestbedCn Cn, string Zone, string Tail) Arrange()
    {
        var cn = sandbox.DedicatedComputeNode(ConnectionName);
        var state = Path.Combine(cn.Directory, "hosted-stop-tests");
        if (File.Exists(state))
        {
            var saved = File.ReadAllLines(state);
            return (cn, saved[0], saved[1]);
        }

        var zone = (string)sandbox.Session.Invoke("(New-SafeZone -Alias long-listing -Brand joyent -ComputeNode $args[0] -Confirm:$false -ErrorAction Stop).Uuid", ConnectionName)
            .ThrowIfFailed().Output.Single().BaseObject;
        HostedSandbox.RunOnCn(cn, "sh", "-c",
            $"""
            set -e
            root="$ZD_POOL/$1"
            for i in $(seq 1 14); do "$ZD_REAL_ZFS" create "$root/c$i"; done
            for i in $(seq 1 {SnapshotsPerDataset}); do "$ZD_REAL_ZFS" snapshot -r "$root@s$i"; done
            """,
            "arrange", zone);

        var tail = $"{TailSeconds}.{Random.Shared.Next(100000, 999999)}";
        WrapWithSlowTail(cn, "zfs", "*\" -t snapshot \"*", tail);
        WrapWithSlowTail(cn, "vmadm", "\" lookup \"*", tail);
        File.WriteAllLines(state, [zone, tail]);
        return (cn, zone, tail);
    }

    /// <summary>
    /// Replaces the CN's <paramref name="program"/> with a wrapper: the stand-in, then, when the
    /// arguments match <paramref name="arguments"/> (a case pattern on " $* "), a sleep that keeps stdout open.
    /// </summary>
    private static void WrapWithSlowTail(TestbedCn cn, string program, string arguments, string tail)
    {
        var path = Path.Combine(cn.Directory, "bin", program);
        var standIn = Path.Combine(TestbedScript.RepositoryRoot, "tests", "testbed", "standins", program);
        File.Delete(path);
        File.WriteAllText(path,
            $"""
            #!/bin/sh
            # Hosted StoppedPipelineTests: the {program} stand-in, then for a listing a slow tail that keeps stdout open.
            '{standIn}' "$@"
            status=$?
            case " $* " in {arguments}) sleep {tail} ;; esac
            exit $status

            """);
        HostedSandbox.RunOnCn(cn, "chmod", "+x", path);
    }

    /// <summary>No sleep of the tail, and no process (ssh client, remote shell, zfs) whose command line lists the zone's snapshots.</summary>
    private static void AssertNothingLeft(TestbedCn cn, string zone, string tail)
    {
        // The kill is sent and waited for while stopping; a short grace covers the kernel reaping.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string left;
        do
        {
            left = Pgrep($"sleep {tail}") + Pgrep($"snapshot.*{cn.Pool}/{zone}");
            if (left.Length == 0)
            {
                return;
            }

            Thread.Sleep(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"processes left behind:\n{left}");
    }

    private static string Pgrep(string pattern)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-a", "-f", pattern]) { RedirectStandardOutput = true })!;
        var output = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return output;
    }
}
