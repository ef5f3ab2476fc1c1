using System.Diagnostics;
using Xunit;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

/// <summary>
/// The one watchdog of a process (issue 18), with stand-in masters: <c>tail -f</c> of a file in the master's socket
/// folder, so the folder is on its command line as an ssh master's -S socket is. Closing the pipe is what the death of
/// this process does to it.
/// </summary>
public sealed class MasterWatchdogTests : IDisposable
{
    private readonly List<Process> fakes = [];
    private readonly List<DirectoryInfo> folders = [];

    public void Dispose()
    {
        foreach (var fake in fakes)
        {
            try
            {
                fake.Kill();
            }
            catch (InvalidOperationException)
            {
            }

            fake.Dispose();
        }

        foreach (var folder in folders.Where(folder => Directory.Exists(folder.FullName)))
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void OneWatchdogEndsEveryRegisteredMasterAndRemovesItsFolderWhenThePipeEnds()
    {
        var watchdog = new MasterWatchdog();
        var masters = Enumerable.Range(0, 3).Select(_ => FakeMaster()).ToList();
        var registrations = masters.Select(master => watchdog.Watch(master.Process.Id, master.Folder)).ToList();
        var pid = watchdog.ProcessId;
        Assert.NotNull(pid);
        Assert.Equal(3, watchdog.Count);

        // One released on purpose (del): the watchdog leaves it and its folder alone.
        var released = FakeMaster();
        watchdog.Watch(released.Process.Id, released.Folder).Dispose();
        Assert.Equal(3, watchdog.Count);
        Assert.Equal(pid, watchdog.ProcessId);

        watchdog.CloseForTest();

        WaitUntil(() => masters.All(master => master.Process.HasExited));
        WaitUntil(() => masters.All(master => !Directory.Exists(master.Folder)));
        WaitUntil(() => !Running(pid!.Value));
        Assert.False(released.Process.HasExited);
        Assert.True(Directory.Exists(released.Folder));
        GC.KeepAlive(registrations);
    }

    [Fact]
    public void APidThatIsNoLongerTheMasterIsNotKilled()
    {
        var watchdog = new MasterWatchdog();
        var master = FakeMaster();
        var stranger = FakeMaster();

        // The registered PID now runs something that does not name the folder (a recycled PID).
        watchdog.Watch(stranger.Process.Id, master.Folder);
        watchdog.CloseForTest();

        WaitUntil(() => !Directory.Exists(master.Folder));
        Assert.False(stranger.Process.HasExited);
    }

    [Fact]
    public void AKilledWatchdogIsReplacedAndTheNewOneKnowsEveryMaster()
    {
        var watchdog = new MasterWatchdog();
        var masters = Enumerable.Range(0, 2).Select(_ => FakeMaster()).ToList();
        foreach (var master in masters)
        {
            watchdog.Watch(master.Process.Id, master.Folder);
        }

        var first = watchdog.ProcessId!.Value;
        using (var process = Process.GetProcessById(first))
        {
            process.Kill();
        }

        WaitUntil(() => watchdog.ProcessId is { } now && now != first && Running(now));
        Assert.Equal(1, watchdog.Restarts);
        Assert.All(masters, master => Assert.False(master.Process.HasExited));

        watchdog.CloseForTest();
        WaitUntil(() => masters.All(master => master.Process.HasExited && !Directory.Exists(master.Folder)));
    }

    [Theory]
    [InlineData("/tmp/zd ssh")]
    [InlineData("/tmp/zd-ssh\nadd 1 /")]
    [InlineData("relative/zd-ssh")]
    [InlineData("/tmp/zd:ssh")]
    [InlineData("/tmp/zd-ssh-*")]
    public void AFolderThatTheLineOrTheShellCouldMisreadIsRefused(string folder)
    {
        var watchdog = new MasterWatchdog();
        Assert.Throws<ArgumentException>(() => watchdog.Watch(Environment.ProcessId, folder));
        Assert.Null(watchdog.ProcessId);
    }

    private (Process Process, string Folder) FakeMaster()
    {
        var folder = Directory.CreateTempSubdirectory("zd-wdtest-");
        folders.Add(folder);
        var file = Path.Combine(folder.FullName, "master");
        File.WriteAllText(file, string.Empty);
        var start = new ProcessStartInfo("tail") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(file);
        var process = Process.Start(start)!;
        fakes.Add(process);
        return (process, folder.FullName);
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "condition not met within 20 s");
            Thread.Sleep(20);
        }
    }
}
