using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.HostedTests.Notices;

/// <summary>
/// What the transport tells the operator beside a command's result reaches PowerShell's streams: a command
/// channel that could not be opened, and the way the command took instead, on the verbose stream (issue 19);
/// stray output of a process left behind, dropped with the channel, as a warning (issue 15 item 4).
/// Each test connects a CN of its own, so its channel pool starts empty.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class CommandNoticeTests(HostedSandbox sandbox)
{
    private const string Connect =
        """
        $cn, $name = $args
        Connect-ComputeNode -HostName $cn.Address -Port $cn.Port -User $cn.User -IdentityFile $cn.IdentityFile `
            -KnownHostsFile $cn.KnownHostsFile -SshConfigFile /dev/null -Name $name -Channel Persistent -ErrorAction Stop | Out-Null
        """;

    /// <summary>
    /// An ssh client first on PATH refuses the first two channel opens (the channel loop's sessions), as the
    /// integration test's wrapper does: the cmdlet's first command takes the exec path, and -Verbose shows why.
    /// </summary>
    [TestbedFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_command_whose_channel_cannot_open_says_so_on_the_verbose_stream()
    {
        var cn = sandbox.ComputeNode;
        var folder = Directory.CreateTempSubdirectory("zd-hosted-ssh-");
        var count = Path.Combine(folder.FullName, "channel-opens");
        var wrapper = Path.Combine(folder.FullName, "ssh");
        File.WriteAllText(wrapper,
            "#!/bin/sh\n" +
            "for a in \"$@\"; do case $a in *zd-channel*)\n" +
            $"n=$(( $(cat {count} 2>/dev/null || echo 0) + 1 )); echo $n > {count}\n" +
            "if [ $n -le 2 ]; then echo 'zd-test: this channel is refused' >&2; exit 255; fi\n" +
            ";; esac; done\n" +
            "exec /usr/bin/ssh \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            // The module finds ssh on PATH (absolute entries), at connect time and when it opens a channel.
            Environment.SetEnvironmentVariable("PATH", folder.FullName + ":" + path);
            sandbox.Session.Invoke(Connect, cn, "notice-open").ThrowIfFailed();
            var result = sandbox.Session.Invoke("Test-PlatformSupport -ComputeNode notice-open -Verbose", "notice-open").ThrowIfFailed();

            Assert.NotEmpty(result.Output);
            Assert.Equal(2, result.Verbose.Count(line => line.Contains("A command channel to notice-open could not be opened", StringComparison.Ordinal)
                && line.Contains("this channel is refused", StringComparison.Ordinal)));
            Assert.Single(result.Verbose, line => line.Contains("notice-open", StringComparison.Ordinal)
                && line.Contains("(the exec path) instead", StringComparison.Ordinal));
            Assert.Empty(result.Warnings);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            sandbox.Session.Invoke("Disconnect-ComputeNode -ComputeNode notice-open -Confirm:$false -ErrorAction SilentlyContinue");
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A command leaves a process behind (setsid) that writes into its channel after it ended; the cmdlet whose
    /// command next takes that channel shows a warning record naming the CN, and its result is whole.
    /// </summary>
    [TestbedFact]
    public void Stray_output_of_a_process_left_behind_is_a_warning_record()
    {
        var cn = sandbox.ComputeNode;
        var go = Path.Combine(Path.GetTempPath(), "zd-hosted-stray-" + Guid.NewGuid().ToString("N"));
        var detached = go + ".detached";
        var done = go + ".done";
        try
        {
            sandbox.Session.Invoke(Connect, cn, "notice-stray").ThrowIfFailed();
            // The orphan writes into the channel shell's own stdout and stderr (a command's children only get its pipes).
            var orphan = $"touch {detached}; while [ ! -e {go} ]; do sleep 0.05; done; " +
                $"echo INJECTED >/proc/$0/fd/1; echo INJECTED-ERR >/proc/$0/fd/2; touch {done}";
                        var connection = (ComputeNodeConnection)sandbox.Session.Invoke("Get-ComputeNodeConnection -ComputeNode notice-stray").ThrowIfFailed().BaseObjects.Single();
            // Core's transport is internal to the module: the test (InternalsVisibleTo) runs the command on it directly.
            var first = connection.Transport.Run(new NativeCommand("/bin/sh", "-c",
                $"setsid /bin/sh -c '{orphan}' $PPID & while [ ! -e {detached} ]; do sleep 0.05; done; echo first")).Item1;
            Assert.Equal("first\n", first);
            File.WriteAllText(go, string.Empty);
            WaitForFile(done);

            var result = sandbox.Session.Invoke("Test-PlatformSupport -ComputeNode notice-stray").ThrowIfFailed();

            Assert.NotEmpty(result.Output);
            var warning = Assert.Single(result.Warnings);
            Assert.Contains("notice-stray", warning, StringComparison.Ordinal);
            Assert.Contains("left behind", warning, StringComparison.Ordinal);
            Assert.DoesNotContain(result.Output, item => item.ToString().Contains("INJECTED", StringComparison.Ordinal));
        }
        finally
        {
            sandbox.Session.Invoke("Disconnect-ComputeNode -ComputeNode notice-stray -Confirm:$false -ErrorAction SilentlyContinue");
            File.Delete(go);
            File.Delete(detached);
            File.Delete(done);
        }
    }

    /// <summary>Waits until the orphan says it has written (observed, not timed; the bound only catches a hang).</summary>
    private static void WaitForFile(string file)
    {
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(file))
        {
            Assert.True(bound.Elapsed < TimeSpan.FromSeconds(60), $"{file} never appeared.");
            Thread.Sleep(20);
        }
    }
}
