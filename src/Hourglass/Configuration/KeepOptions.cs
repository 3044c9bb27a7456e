namespace Hourglass.Configuration;

/// <summary>
/// A tier's <c>keep</c> as written in the config: either a count (<c>"keep": 7</c>, the newest 7 complete sets) or
/// calendar keeps (<c>"keep": { "last": 2, "daily": 7, "weekly": 8, "monthly": 12 }</c>, grandfather-father-son).
/// <see cref="ConfigLoader"/> reads the count form; the binder binds the object form.
/// </summary>
public sealed class KeepOptions
{
    /// <summary>The newest this many complete sets.</summary>
    public int Last { get; set; }

    /// <summary>The newest complete set of each of the newest this many days.</summary>
    public int Daily { get; set; }

    /// <summary>The newest complete set of each of the newest this many ISO weeks.</summary>
    public int Weekly { get; set; }

    /// <summary>The newest complete set of each of the newest this many months.</summary>
    public int Monthly { get; set; }

    /// <summary>A plain count: <c>"keep": 7</c>.</summary>
    public static implicit operator KeepOptions(int last) => new() { Last = last };

    /// <summary>The policy these keeps describe.</summary>
    public RetentionPolicy ToPolicy() => new(Last, Daily, Weekly, Monthly);
}
