using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// What every cmdlet of the module shares: error conversion, connection resolution, writing the
/// results of parallel work on the pipeline thread, Ctrl+C, and what the transport tells the operator.
/// Each step (Begin/Process/End) runs inside two ambient scopes: the cmdlet's stop token as
/// <see cref="CommandCancellation"/>, so every command any service starts for it stops when the user presses
/// Ctrl+C, and a <see cref="CommandNoticeQueue"/> as <see cref="CommandNotices"/>, so what a transport reports
/// from any thread (a channel that could not open, stray output dropped) is queued. Both flow into the workers
/// of a fan-out (they inherit the pipeline thread's execution context). The queued notices are written here,
/// on the pipeline thread only: as each fan-out result arrives, before a ShouldProcess question or an error,
/// and at the end of every step. A cmdlet overrides OnBeginProcessing / OnProcessRecord / OnEndProcessing.
/// </summary>
public abstract class ZoneDelegationCmdlet : PSCmdlet, IDisposable
{
    /// <summary>Default for -ThrottleLimit on fan-out cmdlets (Posh-SSH uses 32 too).</summary>
    protected const int DefaultThrottleLimit = 32;

    private readonly CancellationTokenSource stopping = new();
    private readonly CommandNoticeQueue notices = new();

    // Every scope entered, on whichever thread a step ran: all end with the cmdlet.
    private readonly List<IDisposable> scopes = [];

    // The thread running the current step: the only one that writes notices.
    private int pipelineThread;

    protected static ConnectionRegistry Connections => ConnectionRegistry.Default;

    /// <summary>Cancelled when the user presses Ctrl+C or a downstream Select-Object -First stops the pipeline.</summary>
    protected CancellationToken StopToken => stopping.Token;

    protected override void StopProcessing() => stopping.Cancel();

    protected sealed override void BeginProcessing()
    {
        MarkJobProcess();
        RunStep(OnBeginProcessing);
    }

    protected sealed override void ProcessRecord() => RunStep(OnProcessRecord);

    protected sealed override void EndProcessing() => RunStep(OnEndProcessing);

    /// <summary>
    /// A background job (Start-Job) or a remote session runs the module in a process of its own, under PowerShell's
    /// server host: the connections of the operator's session are not there, and "not connected" says why.
    /// </summary>
    private void MarkJobProcess()
    {
        if (string.Equals(Host?.Name, "ServerRemoteHost", StringComparison.Ordinal))
        {
            Connections.ProcessHint = ConnectionRegistry.JobProcessHint;
        }
    }

    /// <summary>The cmdlet's BeginProcessing, inside the stop and notice scopes.</summary>
    protected virtual void OnBeginProcessing()
    {
    }

    /// <summary>The cmdlet's ProcessRecord, inside the stop and notice scopes.</summary>
    protected virtual void OnProcessRecord()
    {
    }

    /// <summary>The cmdlet's EndProcessing, inside the stop and notice scopes.</summary>
    protected virtual void OnEndProcessing()
    {
    }

    /// <summary>Ends the cmdlet's scopes (PowerShell disposes a cmdlet when its pipeline ends).</summary>
    public void Dispose()
    {
        for (var i = scopes.Count - 1; i >= 0; i--)
        {
            scopes[i].Dispose();
        }

        stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Writes the notices queued so far (oldest first) as verbose or warning records. Only on the pipeline
    /// thread; called from anywhere else it leaves them queued for the next call there.
    /// </summary>
    protected void WriteNotices()
    {
        if (Environment.CurrentManagedThreadId != pipelineThread)
        {
            return;
        }

        notices.WriteTo(notice =>
        {
            switch (notice.Level)
            {
                case CommandNoticeLevel.Warning:
                    WriteWarningRecord(notice.Text);
                    break;
                case CommandNoticeLevel.Debug:
                    WriteDebugRecord(notice.Text);
                    break;
                default:
                    WriteVerboseRecord(notice.Text);
                    break;
            }
        });
    }

    /// <summary>
    /// A warning, written so that no cmdlet of the module ends under -Debug. PowerShell asks after every warning of a
    /// compiled cmdlet called with -Debug ("Continue with this operation?"); a host that cannot ask (a hosted runspace
    /// without a UI, pwsh -NonInteractive, a console whose stdin is at end of file) fails that question once the
    /// warning is written, and the failure used to end the cmdlet ("Object reference not set to an instance of an
    /// object"). A question that cannot be asked takes its default answer, Yes: the cmdlet goes on as it would without
    /// -Debug. An answer the operator gives (Halt, Suspend) is PowerShell's, as always. The commands run so far are
    /// written first, so the warning follows what it is about.
    /// </summary>
    public new void WriteWarning(string text)
    {
        WriteNotices();
        WriteWarningRecord(text);
    }

    /// <summary>
    /// A verbose line (a command that ran, with its CN, outcome and duration; a plan's summary). Under -Debug without
    /// -Verbose PowerShell would ask after each one: it is written as a debug line instead, so -Debug shows what
    /// -Verbose shows and never asks. Otherwise as <see cref="WriteWarning"/>.
    /// </summary>
    public new void WriteVerbose(string text)
    {
        WriteNotices();
        WriteVerboseRecord(text);
    }

    /// <summary>A debug line (what a cache decided); under $DebugPreference = 'Inquire' as <see cref="WriteWarning"/>.</summary>
    public new void WriteDebug(string text)
    {
        WriteNotices();
        WriteDebugRecord(text);
    }

    /// <summary>The question that approves a plan comes after the commands that made the plan (they are written first).</summary>
    public new bool ShouldProcess(string target, string action)
    {
        WriteNotices();
        return base.ShouldProcess(target, action);
    }

    private void WriteWarningRecord(string text) =>
        WriteAsking(StreamPreferences.Warning(this), StreamPreferences.DebugAsksOnWarning(this), () => base.WriteWarning(text));

    private void WriteVerboseRecord(string text)
    {
        if (StreamPreferences.DebugAsksOnVerbose(this))
        {
            WriteDebugRecord(text);
            return;
        }

        // Only -Debug makes the verbose stream ask here (DebugAsksOnVerbose wrote it as a debug line otherwise).
        WriteAsking(StreamPreferences.Verbose(this), askedBecauseOfDebug: false, () => base.WriteVerbose(text));
    }

    private void WriteDebugRecord(string text) => WriteAsking(StreamPreferences.Debug(this), askedBecauseOfDebug: false, () => base.WriteDebug(text));

    /// <summary>
    /// Writes a record whose stream may ask a question (Inquire). A question the host cannot ask is answered Yes only
    /// when -Debug alone made the stream ask (PowerShell's side effect, not the operator's wish); an Inquire the
    /// operator set (-WarningAction Inquire, a preference variable) that nobody can answer stops the cmdlet as
    /// PowerShell would, rather than going on past a warning the operator wanted to approve.
    /// </summary>
    private static void WriteAsking(ActionPreference preference, bool askedBecauseOfDebug, Action write)
    {
        if (preference != ActionPreference.Inquire || !askedBecauseOfDebug)
        {
            write();
            return;
        }

        try
        {
            write();
        }
        catch (Exception unasked) when (unasked is not (PipelineStoppedException or ActionPreferenceStopException or HaltCommandException))
        {
            // PowerShell writes the record, then asks: what failed is the question (HostException without a UI,
            // PSInvalidOperationException under -NonInteractive, NullReferenceException from a console at end of input).
        }
    }

    /// <summary>One lifecycle step: in the scopes, then its notices; a step that fails still shows them before its error.</summary>
    private void RunStep(Action step)
    {
        pipelineThread = Environment.CurrentManagedThreadId;
        EnterScopes();
        try
        {
            step();
        }
        catch (Exception)
        {
            try
            {
                WriteNotices();
            }
            catch (Exception)
            {
                // The pipeline stopped (or a preference made the notice itself stop it): the step's own exception wins.
            }

            throw;
        }

        WriteNotices();
    }

    /// <summary>Enters the stop and notice scopes on this thread, once per thread they are needed on.</summary>
    protected void EnterScopes()
    {
        if (CommandCancellation.Current != StopToken)
        {
            scopes.Add(CommandCancellation.Enter(StopToken));
        }

        if (CommandNotices.Current != notices.Sink)
        {
            scopes.Add(CommandNotices.Enter(notices.Sink));
        }
    }

    /// <summary>The effective delegation policy; a policy that cannot be read ends the cmdlet (a missing precondition).</summary>
    protected Core.Policy.DelegationPolicy LoadPolicyOrStop()
    {
        try
        {
            return PolicyAccess.Load(this, null).Policy;
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
            throw; // not reached: ThrowZoneError throws
        }
    }

    /// <summary>Ends the cmdlet: for bad parameters and missing preconditions only.</summary>
    protected void ThrowZoneError(Exception exception) => ThrowTerminatingError(ErrorRecordFactory.Create(exception));

    /// <summary>
    /// A per-target failure: written, and the cmdlet goes on with the next target. Once the pipeline is stopping
    /// (Ctrl+C) WriteError throws, yet the error of a change cut short says what ran and what is in place: it goes
    /// to the host's error lines instead (<see cref="StoppedOutput"/>).
    /// </summary>
    protected void WriteZoneError(Exception exception)
    {
        var record = ErrorRecordFactory.Create(exception);
        try
        {
            // A fallback or a dropped channel said before the error may explain it.
            WriteNotices();
            WriteError(record);
        }
        catch (PipelineStoppedException) when (Stopping)
        {
            StoppedOutput.Error(this, record);
        }
    }

    /// <summary>
    /// Writes each output and error of a fan-out as it arrives (errors are non-terminating; an exception a
    /// worker yields as an output is one item's error, written as such) and, with
    /// <paramref name="progress"/>, a progress record per finished input: done/total and the CN just
    /// finished. PowerShell hides it under $ProgressPreference = 'SilentlyContinue'.
    /// </summary>
    protected void WriteResults<TInput, TOutput>(IEnumerable<FanOutResult<TInput, TOutput>> results, FanOutProgress<TInput>? progress = null)
    {
        var afterStop = new StoppedOutput(this);
        foreach (var result in results)
        {
            if (Stopping)
            {
                // Ctrl+C: what the workers still hand over (a change cut short, what was read back) goes to the host.
                afterStop.Add(result.Error ?? (object?)result.Output, result.IsFinished);
                continue;
            }

            try
            {
                WriteResult(result, progress);
            }
            catch (PipelineStoppedException) when (Stopping)
            {
                afterStop.Add(result.Error ?? (object?)result.Output, result.IsFinished);
            }
        }

        if (Stopping)
        {
            afterStop.WriteSummary();
            throw new PipelineStoppedException();
        }

        WriteNotices();
        if (progress is not null)
        {
            WriteProgress(progress.Completed());
        }
    }

    private void WriteResult<TInput, TOutput>(FanOutResult<TInput, TOutput> result, FanOutProgress<TInput>? progress)
    {
        // What the transport said while this result was made comes first.
        WriteNotices();
        if (result.IsFinished)
        {
            if (progress is not null)
            {
                WriteProgress(progress.Finished(result.Input));
            }
        }
        else if (result.IsError)
        {
            WriteFailure(result.Error!);
        }
        else if (result.Output is Exception itemError)
        {
            // A worker's stream yields the error of one item (a zone it could not read) and goes on.
            WriteFailure(itemError);
        }
        else
        {
            WriteOutput(result.Output);
        }
    }

    /// <summary>Where each fan-out output goes; the fleet base routes plans and -Quiet verdicts from here.</summary>
    protected virtual void WriteOutput(object? output) => WriteObject(output);

    /// <summary>Where each fan-out failure goes: a non-terminating error record.</summary>
    protected virtual void WriteFailure(Exception error) => WriteZoneError(error);
}
