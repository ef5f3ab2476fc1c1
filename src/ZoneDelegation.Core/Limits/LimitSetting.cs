using System.Globalization;

namespace ZoneDelegation.Core.Limits;

internal enum LimitAction
{
    /// <summary>Leave the value as it is.</summary>
    Keep,

    /// <summary>Set it to <see cref="LimitSetting.Value"/>.</summary>
    Set,

    /// <summary>Remove it (none).</summary>
    Clear,
}

/// <summary>What to do with one limit: keep it, set it to a number, or clear it.</summary>
internal readonly record struct LimitSetting
{
    private LimitSetting(LimitAction action, ulong value)
    {
        Action = action;
        Value = value;
    }

    public static LimitSetting Keep => default;

    public static LimitSetting Clear => new(LimitAction.Clear, 0);

    public LimitAction Action { get; }

    /// <summary>The number to set; 0 unless <see cref="Action"/> is Set.</summary>
    public ulong Value { get; }

    public bool IsKeep => Action == LimitAction.Keep;

    /// <summary>The value the dataset should end with: the number, or null for Clear. Meaningless for Keep.</summary>
    public ulong? Desired => Action == LimitAction.Set ? Value : null;

    public static LimitSetting Set(ulong value) => new(LimitAction.Set, value);

    public override string ToString() => Action switch
    {
        LimitAction.Set => Value.ToString(CultureInfo.InvariantCulture),
        LimitAction.Clear => "none",
        _ => "keep",
    };
}
