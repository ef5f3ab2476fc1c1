using System.Diagnostics;

namespace ZoneDelegation.HostedTests.Completion;

/// <summary>
/// Issue 15 item 5: a prompt never waits on a slow CN. On an illumos sandbox CN of its own whose zoneadm
/// hangs (a wrapper before the stand-in that sleeps for ten minutes), completing a BE name ends within
/// the completion budget instead of the command timeout, and what an earlier Tab fetched is offered again
/// from the cache without running anything.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class CompletionBudgetTests(HostedSandbox sandbox)
{
    private const string Connection = "hosted-slow";

    [TestbedFact]
    public void Completing_against_a_hung_zoneadm_ends_within_the_budget_and_a_cached_answer_needs_no_command()
    {
        var cn = sandbox.DedicatedComputeNode(Connection, "illumos");
        var zoneadm = Path.Combine(cn.Directory, "bin", "zoneadm");
        var standIn = File.ResolveLinkTarget(zoneadm, returnFinalTarget: true)?.FullName ?? throw new InvalidOperationException("zoneadm is not the stand-in link");
        var gate = Path.Combine(cn.Directory, "zoneadm-hangs");

        // Never slowed unless the gate file exists, so the stand-in stays as it is for the first Tab.
        File.Delete(zoneadm);
        File.WriteAllText(zoneadm, $"#!/bin/sh\nif [ -e '{gate}' ]; then exec sleep 600; fi\nexec '{standIn}' \"$@\"\n");
        HostedSandbox.RunOnCn(cn, "/bin/chmod", "755", zoneadm);
        try
        {
            // A first Tab, zoneadm quick: the BE names of z1 are fetched (and kept). On a loaded machine one Tab's
            // budget may not be enough for the first read (channels to open): Tab again, as an operator would.
            sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-slow -Zone z1 | Out-Null").ThrowIfFailed();
            var first = Enumerable.Range(0, 10).Select(_ => Complete("Remove-ZoneBootEnvironment -ComputeNode hosted-slow -Zone z1 -Name "))
                .FirstOrDefault(names => names.Count > 0) ?? [];
            Assert.Contains("zbe", first);

            File.WriteAllText(gate, string.Empty);

            // The same CN and zone again: from the cache, though zoneadm now hangs.
            var cached = Stopwatch.StartNew();
            Assert.Contains("zbe", Complete("Remove-ZoneBootEnvironment -ComputeNode hosted-slow -Zone z1 -Name zb"));
            cached.Stop();

            // Another zone name is not cached: zoneadm hangs, and completion gives up with the budget, not the
            // command timeout (the CN would answer in ten minutes).
            var slow = Stopwatch.StartNew();
            Assert.Empty(Complete("Remove-ZoneBootEnvironment -ComputeNode hosted-slow -Zone other -Name "));
            slow.Stop();

            Assert.True(slow.Elapsed < TimeSpan.FromSeconds(20), $"completing took {slow.Elapsed}");
            Assert.True(cached.Elapsed < TimeSpan.FromSeconds(20), $"the cached completion took {cached.Elapsed}");
        }
        finally
        {
            File.Delete(gate);
            File.Delete(zoneadm);
            File.CreateSymbolicLink(zoneadm, standIn);
        }
    }

    private List<string> Complete(string line) =>
        sandbox.Session.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", line)
            .ThrowIfFailed().Output.Where(o => o is not null).Select(o => o.ToString()).ToList();
}
