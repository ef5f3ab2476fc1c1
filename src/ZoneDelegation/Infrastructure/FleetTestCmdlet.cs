using System.Management.Automation;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// The fleet cmdlets that test (Test-PlatformSupport, Test-ZoneCompliance, Test-ZoneBootEnvironment) and their
/// -Quiet: Booleans instead of the <typeparamref name="TResult"/> records, in Test-Connection's convention that
/// what could not be tested (an error: a CN, a zone, a zone name refused) did not pass.
/// </summary>
public abstract class FleetTestCmdlet<TZone, TResult> : FleetCmdlet<TZone>
    where TZone : notnull
{
    private bool allPassed = true;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>True: -Quiet writes one Boolean at the end, for everything tested; false: one per record, as it arrives.</summary>
    protected virtual bool OneVerdictForAll => true;

    /// <summary>Whether a record passed the test.</summary>
    protected abstract bool Passed(TResult result);

    /// <summary>The cmdlet's EndProcessing: runs the tests (ForEachRequest); -Quiet's verdict is written after it.</summary>
    protected abstract void RunTests();

    protected sealed override void OnEndProcessing()
    {
        RunTests();
        if (Quiet && OneVerdictForAll)
        {
            WriteObject(allPassed);
        }
    }

    protected override void WriteZoneOutput(object? output)
    {
        if (!Quiet || output is not TResult result)
        {
            base.WriteZoneOutput(output);
        }
        else if (OneVerdictForAll)
        {
            allPassed &= Passed(result);
        }
        else
        {
            WriteObject(Passed(result));
        }
    }

    protected override void WriteFailure(Exception error)
    {
        base.WriteFailure(error);
        allPassed = false;
        if (Quiet && !OneVerdictForAll)
        {
            WriteObject(false);
        }
    }
}
