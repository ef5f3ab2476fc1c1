using System.Diagnostics;
using Xunit;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

public sealed class CommandStopperTests
{
    /// <summary>
    /// Stops that block (a kill through a hung ControlMaster waits up to its own timeout) never delay another stop:
    /// with five of them blocked, a sixth (another CN's) still runs at once.
    /// </summary>
    [Fact]
    public void A_stop_that_blocks_never_delays_another()
    {
        using var hung = new ManualResetEventSlim(false);
        using var blocked = new CountdownEvent(5);
        using var ran = new ManualResetEventSlim(false);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                CommandStopper.Queue(() =>
                {
                    blocked.Signal();
                    hung.Wait(TimeSpan.FromMinutes(1));
                });
            }

            CommandStopper.Queue(ran.Set);

            // Observed, not timed: the bound only keeps a regression from hanging the suite.
            var watch = Stopwatch.StartNew();
            Assert.True(ran.Wait(TimeSpan.FromSeconds(20)), $"the sixth stop had not run after {watch.Elapsed} (five stops block)");
            Assert.True(blocked.Wait(TimeSpan.FromSeconds(20)), "the five blocking stops did not all start");
        }
        finally
        {
            hung.Set();
        }
    }
}
