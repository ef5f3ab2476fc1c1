using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Planning;

public class VerifiedChangeTests
{
    private static ChangePlan Plan(params string[][] steps) =>
        new("cn1", "target", "summary", steps.Select(s => new PlannedCommand("step", new NativeCommand(s[0], s[1..]))).ToList());

    private static string Line(string program, params string[] arguments) => new NativeCommand(program, arguments).CommandLine;

    [Fact]
    public void APlanStepIsAlwaysAWriteHoweverItsCommandWasBuilt()
    {
        var step = new PlannedCommand("destroy it", new NativeCommand("zfs", "destroy", "zones/a@b"));

        Assert.True(step.Command.ChangesState);
        Assert.False(new NativeCommand("zfs", "destroy", "zones/a@b").ChangesState);
        Assert.True(NativeCommand.Write("zfs", "destroy", "zones/a@b").ChangesState);
    }

    [Fact]
    public void StepsRunAsWritesThenTheStateIsReadBackWhereCtrlCCannotCancelIt()
    {
        var transport = new ScriptedTransport().On("zfs set a=1 p").On("zfs get a p", "1\n");
        using var stop = new CancellationTokenSource();
        string after;
        using (CommandCancellation.Enter(stop.Token))
        {
            after = VerifiedChange.Apply(transport, Plan(["zfs", "set", "a=1", "p"]),
                () => transport.Run(new NativeCommand("zfs", "get", "a", "p")).StandardOutput.Trim(),
                value => value == "1" ? [] : [$"a is {value}"],
                (_, _) => new InvalidOperationException("not reached"));
        }

        Assert.Equal("1", after);
        Assert.True(transport.Commands[0].ChangesState);
        Assert.Equal(["zfs set a=1 p"], transport.CancellableKeys);
    }

    [Fact]
    public void AStateUnlikeThePlanIsTheAppliersOwnError()
    {
        var transport = new ScriptedTransport().On("zfs set a=1 p").On("zfs get a p", "0\n");

        var error = Assert.Throws<ZoneDelegationException>(() => VerifiedChange.Apply(transport, Plan(["zfs", "set", "a=1", "p"]),
            () => transport.Run(new NativeCommand("zfs", "get", "a", "p")).StandardOutput.Trim(),
            value => value == "1" ? [] : [$"a is {value}"],
            (_, differences) => new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
                string.Join("; ", differences), "p", "hint")));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Equal("a is 0", error.Message);
    }

    [Fact]
    public void AFailedStepStopsThePlanAndTheApplierExplainsItWithWhatRanWhileCtrlCCannotCancelIt()
    {
        var transport = new ScriptedTransport().On("zfs set a=1 p").On("zfs set b=1 p", exitCode: 1, stderr: "no\n").On("zfs set c=1 p");
        using var stop = new CancellationTokenSource();
        StepFailure? seen = null;
        var cancellableWhileExplaining = true;

        using (CommandCancellation.Enter(stop.Token))
        {
            var error = Assert.Throws<InvalidOperationException>(() => VerifiedChange.Apply(transport,
                Plan(["zfs", "set", "a=1", "p"], ["zfs", "set", "b=1", "p"], ["zfs", "set", "c=1", "p"]),
                () => "never read", _ => [], (_, _) => new InvalidOperationException("not reached"),
                failure =>
                {
                    seen = failure;
                    cancellableWhileExplaining = CommandCancellation.Current.CanBeCanceled;
                    return new InvalidOperationException("explained");
                }));
            Assert.Equal("explained", error.Message);
        }

        Assert.Equal(1, seen!.Completed);
        Assert.Equal("zfs set b=1 p", ScriptedTransport.Key(seen.FailedStep.Command));
        Assert.Equal(ErrorIds.NativeCommandFailed, seen.Error.ErrorId);
        Assert.False(cancellableWhileExplaining);
        Assert.DoesNotContain("zfs set c=1 p", transport.CommandKeys);
    }

    [Fact]
    public void WithoutAnExplanationTheStepsOwnErrorIsThrown()
    {
        var transport = new ScriptedTransport().OutliveTimeout("zfs set a=1 p");

        var error = Assert.Throws<NativeCommandException>(() => VerifiedChange.Run(transport, Plan(["zfs", "set", "a=1", "p"])));

        Assert.Equal(ErrorIds.CommandMayStillBeRunning, error.ErrorId);
    }

    [Fact]
    public void CtrlCBetweenStepsEndsWithChangeStoppedNamingTheStepsThatRanAndTheStateReadBack()
    {
        using var stop = new CancellationTokenSource();
        var transport = new ScriptedTransport()
            .OnCommand("zfs set a=1 p", _ =>
            {
                stop.Cancel(); // Ctrl+C while step 1 runs: it completes (a write is never killed), step 2 never starts
                return (string.Empty, 0, string.Empty);
            })
            .On("zfs set b=1 p")
            .On("zfs get a,b p", "1 0\n");

        ZoneDelegationException error;
        using (CommandCancellation.Enter(stop.Token))
        {
            error = Assert.Throws<ZoneDelegationException>(() => VerifiedChange.Apply(transport,
                Plan(["zfs", "set", "a=1", "p"], ["zfs", "set", "b=1", "p"]),
                () => transport.Run(new NativeCommand("zfs", "get", "a,b", "p")).StandardOutput.Trim(),
                value => value == "1 1" ? [] : [$"a,b are {value}, expected 1 1"],
                (_, _) => new InvalidOperationException("not reached")));
        }

        Assert.Equal(ErrorIds.ChangeStopped, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.OperationStopped, error.Category);
        Assert.Contains("before step 2 of 2 started", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Completed: 1. {Line("zfs", "set", "a=1", "p")}.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Not run: 2. {Line("zfs", "set", "b=1", "p")}.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Read back, not as planned yet: a,b are 1 0, expected 1 1.", error.Message, StringComparison.Ordinal);
        Assert.Equal(["zfs set a=1 p", "zfs get a,b p"], transport.CommandKeys);
        Assert.Equal(["zfs set a=1 p"], transport.CancellableKeys); // the read-back ran where Ctrl+C cannot cancel it
    }

    [Fact]
    public void CtrlCBetweenStepsOfAPlanRunWithoutReadBackStillNamesTheStepsThatRan()
    {
        using var stop = new CancellationTokenSource();
        var transport = new ScriptedTransport()
            .OnCommand("zfs set a=1 p", _ =>
            {
                stop.Cancel();
                return (string.Empty, 0, string.Empty);
            })
            .On("zfs set b=1 p");

        using var scope = CommandCancellation.Enter(stop.Token);
        var failure = VerifiedChange.RunUntilFailure(transport, Plan(["zfs", "set", "a=1", "p"], ["zfs", "set", "b=1", "p"]));
        var error = Assert.Throws<ZoneDelegationException>(() => VerifiedChange.Run(transport, Plan(["zfs", "set", "c=1", "p"])));

        Assert.True(failure!.Stopped);
        Assert.Equal(1, failure.Completed);
        Assert.Contains($"Completed: 1. {Line("zfs", "set", "a=1", "p")}.", failure.Error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorIds.ChangeStopped, error.ErrorId);
        Assert.Contains("No step had completed.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("zfs set b=1 p", transport.CommandKeys);
    }

    [Fact]
    public void CtrlCDuringAWriteStepWithoutAnExplanationOfTheAppliersOwnSaysWhichStepsRanAndWhatWasReadBack()
    {
        // Ctrl+C while step 2 runs: a write is never killed, the transport reports it as possibly still running.
        var transport = new ScriptedTransport().On("zfs set a=1 p").OutliveTimeout("zfs set b=1 p").On("zfs set c=1 p").On("zfs get a,b p", "1 0\n");

        var error = Assert.Throws<NativeCommandException>(() => VerifiedChange.Apply(transport,
            Plan(["zfs", "set", "a=1", "p"], ["zfs", "set", "b=1", "p"], ["zfs", "set", "c=1", "p"]),
            () => transport.Run(new NativeCommand("zfs", "get", "a,b", "p")).StandardOutput.Trim(),
            value => value == "1 1" ? [] : [$"a,b are {value}, expected 1 1"],
            (_, _) => new InvalidOperationException("not reached")));

        Assert.Equal(ErrorIds.CommandMayStillBeRunning, error.ErrorId);
        Assert.Equal(Line("zfs", "set", "b=1", "p"), error.CommandLine);
        Assert.Contains("It was step 2 of 3.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Completed: 1. {Line("zfs", "set", "a=1", "p")}.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Not run: 3. {Line("zfs", "set", "c=1", "p")}.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Read back, not as planned yet: a,b are 1 0, expected 1 1.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("zfs set c=1 p", transport.CommandKeys);
    }
}
