using System.Management.Automation;
using System.Management.Automation.Host;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// What a cmdlet still has to say once its pipeline is stopping (Ctrl+C). WriteError and WriteObject then throw
/// PipelineStoppedException, but the error of a change cut short names the steps that ran and what was read back,
/// and results already verified say which zones were changed: the operator must see both, so they go to the
/// host's error and warning lines (the console), the only output left.
/// </summary>
internal sealed class StoppedOutput(PSCmdlet cmdlet)
{
    private readonly List<string> verified = [];

    /// <summary>One item a fan-out handed over after the stop: an error is written at once, a result is kept for the summary.</summary>
    public void Add(object? item, bool finished)
    {
        if (finished || item is null)
        {
            return;
        }

        if (item is Exception error)
        {
            Error(cmdlet, ErrorRecordFactory.Create(error));
        }
        else if (Describe(item) is { } result)
        {
            verified.Add(result);
        }
    }

    /// <summary>One warning line naming the results already verified that could no longer be written.</summary>
    public void WriteSummary()
    {
        if (verified.Count > 0)
        {
            Tell(cmdlet, ui => ui.WriteWarningLine(
                $"{cmdlet.MyInvocation.MyCommand.Name} was stopped; changed and read back as planned, not written to the pipeline: {string.Join(", ", verified)}."));
        }
    }

    /// <summary>An error record as the console would show it: the command, the message, the ErrorId, then what to do.</summary>
    public static void Error(PSCmdlet cmdlet, ErrorRecord record)
    {
        var message = record.ErrorDetails?.Message ?? record.Exception.Message;
        Tell(cmdlet, ui =>
        {
            ui.WriteErrorLine($"{cmdlet.MyInvocation.MyCommand.Name}: {message} ({record.FullyQualifiedErrorId})");
            if (record.ErrorDetails?.RecommendedAction is { Length: > 0 } hint)
            {
                ui.WriteErrorLine($"{cmdlet.MyInvocation.MyCommand.Name}: {hint}");
            }
        });
    }

    /// <summary>"zone Z on CN" for a result that names its zone; null for anything else.</summary>
    private static string? Describe(object item)
    {
        var properties = PSObject.AsPSObject(item).Properties;
        return properties["Zone"]?.Value is { } zone
            ? $"zone {zone}" + (properties["ComputeNode"]?.Value is { } computeNode ? $" on {computeNode}" : string.Empty)
            : null;
    }

    private static void Tell(PSCmdlet cmdlet, Action<PSHostUserInterface> write)
    {
        if (cmdlet.Host?.UI is not { } ui)
        {
            return;
        }

        try
        {
            write(ui);
        }
        catch (Exception error) when (error is HostException or NotImplementedException or PSNotImplementedException)
        {
            // A host without a console: nothing more can be shown.
        }
    }
}
