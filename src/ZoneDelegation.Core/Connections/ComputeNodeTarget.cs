namespace ZoneDelegation.Core.Connections;

/// <summary>
/// What a -ComputeNode parameter holds: a connection object, or the name of an open connection.
/// PowerShell converts both a string and a ComputeNodeConnection to it (constructor and implicit
/// conversion), so connections pipe by value and any object with a ComputeNode property binds by
/// name. Resolution happens in the cmdlet, where a missing connection is a proper error record.
/// </summary>
public sealed class ComputeNodeTarget
{
    private readonly ComputeNodeConnection? connection;

    public ComputeNodeTarget(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public ComputeNodeTarget(ComputeNodeConnection connection)
    {
        this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Name = connection.ComputeNode;
    }

    public string Name { get; }

    public static implicit operator ComputeNodeTarget(string name) => new(name);

    public static implicit operator ComputeNodeTarget(ComputeNodeConnection connection) => new(connection);

    /// <summary>The connection itself when one was given and is still open, else the registry's.</summary>
    public ComputeNodeConnection Resolve(ConnectionRegistry registry) =>
        connection is { IsOpen: true } ? connection : registry.Resolve(Name);

    public override string ToString() => Name;
}
