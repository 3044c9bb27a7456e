namespace Hourglass.Configuration;

/// <summary>A tier in force: its name (also its folder's), when it runs, and how many of its sets are kept.</summary>
public sealed record Tier(string Name, CronSchedule Schedule, RetentionPolicy Retention);
