using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ZoneDelegation.HostedTests.Infrastructure;

/// <summary>
/// A PowerShell host that records what reaches the console and answers prompts from a script.
/// ShouldProcess writes its "What if:" text to the host, and -Confirm asks the host
/// (PromptForChoice), so only a host of our own can see and answer them.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingHostUserInterface ui = new();

    public override string Name => "ZoneDelegation.HostedTests";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override PSHostUserInterface UI => ui;

    /// <summary>Every line written to the host (WriteLine, Write and the stream lines), in order.</summary>
    public IReadOnlyList<string> Lines => ui.Lines;

    /// <summary>Every ShouldProcess/-Confirm prompt asked: caption and message.</summary>
    public IReadOnlyList<(string Caption, string Message)> Prompts => ui.Prompts;

    /// <summary>
    /// The label each prompt picks ("&amp;Yes", "&amp;No", "Yes to &amp;All", ...), matched without '&amp;'.
    /// </summary>
    public string ConfirmAnswer
    {
        get => ui.Answer;
        set => ui.Answer = value;
    }

    /// <summary>Forgets what was recorded (call before each arrange/act).</summary>
    public void Clear() => ui.Clear();

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class RecordingHostUserInterface : PSHostUserInterface
    {
        private readonly List<string> lines = [];
        private readonly List<(string, string)> prompts = [];

        public string Answer { get; set; } = "No";

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return lines.ToList();
                }
            }
        }

        public IReadOnlyList<(string Caption, string Message)> Prompts
        {
            get
            {
                lock (prompts)
                {
                    return prompts.ToList();
                }
            }
        }

        // No console: formatting falls back to its defaults.
        public override PSHostRawUserInterface? RawUI => null;

        public void Clear()
        {
            lock (lines)
            {
                lines.Clear();
            }

            lock (prompts)
            {
                prompts.Clear();
            }
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            lock (prompts)
            {
                prompts.Add((caption, message));
            }

            for (var index = 0; index < choices.Count; index++)
            {
                if (string.Equals(choices[index].Label.Replace("&", string.Empty, StringComparison.Ordinal), Answer, StringComparison.OrdinalIgnoreCase))
                {
                    return index;
                }
            }

            throw new InvalidOperationException($"No choice '{Answer}' in: {string.Join(", ", choices.Select(c => c.Label))}");
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException($"Unexpected prompt: {caption} {message}");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("Unexpected credential prompt.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("Unexpected credential prompt.");

        public override string ReadLine() => throw new NotSupportedException("Unexpected ReadLine.");

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("Unexpected ReadLine.");

        public override void Write(string value) => Record(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Record(value);

        public override void WriteLine(string value) => Record(value);

        public override void WriteErrorLine(string value) => Record(value);

        public override void WriteDebugLine(string message) => Record(message);

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message) => Record(message);

        public override void WriteWarningLine(string message) => Record(message);

        private void Record(string value)
        {
            lock (lines)
            {
                lines.Add(value);
            }
        }
    }
}
