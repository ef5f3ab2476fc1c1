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
}
