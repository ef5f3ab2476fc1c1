namespace ZoneDelegation.Core.Transport;

/// <summary>
/// What a <see cref="CommandLifetime"/> asks of the thing carrying its command (a process, a persistent channel).
/// Called from the deadline thread and stop callbacks: each member is quick and may run while the carrier is still
/// being constructed (a cap passed at once), so it copes with parts not made yet.
/// </summary>
internal interface ICommandCarrier
{
    /// <summary>The command ran to its end (its caller may just be slow to call Complete).</summary>
    bool HasEnded { get; }

    /// <summary>The command's stderr so far, for the abort errors.</summary>
    string StandardErrorSoFar { get; }

    /// <summary>Makes the caller's reads fail at once (the command was aborted).</summary>
    void FailCallerReads();

    /// <summary>Stops a read-only command: queues the slow part (a remote kill) on a stopper thread.</summary>
    void StopCommand();
}
