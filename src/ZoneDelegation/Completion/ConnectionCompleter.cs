using System.Collections;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Completion;

/// <summary>
/// A completer that asks the CN the command line targets (its -ComputeNode, else the one open
/// connection) and, when <see cref="NeedsZone"/>, the -Zone on the line. It offers nothing when either
/// cannot be told, and never throws into the prompt: a CN that cannot be read offers nothing.
/// A prompt must not hang on a slow CN: all the remote commands of one completion share a total budget
/// of <see cref="Budget"/> (each gets what is left as its timeout, and is stopped when it is spent), and
/// what was fetched is kept for <see cref="CacheLifetime"/>, so the next Tab on the same CN and zone
/// runs nothing.
/// </summary>
public abstract class ConnectionCompleter : IArgumentCompleter
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private static readonly ConditionalWeakTable<ComputeNodeConnection, ConcurrentDictionary<(Type, string?), Fetched>> Cache = new();

    /// <summary>Whether completion needs the -Zone already on the line (snapshot and BE names do).</summary>
    protected virtual bool NeedsZone => false;

    /// <summary>How the typed word is compared with each candidate's keys.</summary>
    protected virtual StringComparison Matching => StringComparison.OrdinalIgnoreCase;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = CompletionText.TargetConnection(fakeBoundParameters);
        var zone = fakeBoundParameters["Zone"] switch
        {
            string one => one,
            object[] { Length: > 0 } many => many[0]?.ToString(),
            PSObject wrapped => wrapped.BaseObject.ToString(),
            _ => null,
        };
        if (connection is null || (NeedsZone && zone is null))
        {
            return [];
        }

        try
        {
            var prefix = CompletionText.Prefix(wordToComplete);
            return Candidates(connection, zone)
                .Where(candidate => candidate.Keys.Any(key => key.StartsWith(prefix, Matching)))
                .Select(candidate => candidate.Result)
                .ToList();
        }
        catch (Exception)
        {
            return [];
        }
    }

    /// <summary>Everything that could complete on <paramref name="connection"/> (and <paramref name="zone"/> when given), before the typed word filters it.</summary>
    protected abstract IEnumerable<Candidate> Fetch(ComputeNodeConnection connection, string? zone);

    private IReadOnlyList<Candidate> Candidates(ComputeNodeConnection connection, string? zone)
    {
        var entries = Cache.GetOrCreateValue(connection);
        var key = (GetType(), zone);
        if (entries.TryGetValue(key, out var cached) && Environment.TickCount64 - cached.At < (long)CacheLifetime.TotalMilliseconds)
        {
            return cached.Candidates;
        }

        using var budget = new CancellationTokenSource(Budget);
        var view = new ComputeNodeConnection(connection.ComputeNode, connection.KindValue,
            new BudgetedTransport(connection.Transport, Budget, budget.Token), connection.HostName, connection.Port, connection.User,
            connection.HostKeyPolicyValue);
        ComputeNodeProbe.Share(connection, view);
        var candidates = Fetch(view, zone).ToList();
        ComputeNodeProbe.Share(view, connection);
        entries[key] = new Fetched(Environment.TickCount64, candidates);
        return candidates;
    }

    /// <summary>A completion and the texts the typed word may start (a zone's UUID and its alias).</summary>
    protected sealed record Candidate(CompletionResult Result, params string[] Keys);

    private sealed record Fetched(long At, IReadOnlyList<Candidate> Candidates);
}
