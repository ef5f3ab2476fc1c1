namespace ZoneDelegation.Core.Snapshots;

/// <summary>A snapshot of a zone root: its name after '@' and its creation transaction group (which orders "newer").</summary>
internal sealed record RootSnapshot(string ShortName, ulong CreateTxg)
{
    public override string ToString() => ShortName;
}
