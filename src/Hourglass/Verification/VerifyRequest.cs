using Hourglass.Storage;

namespace Hourglass.Verification;

/// <summary>Which set to verify and how deeply.</summary>
/// <param name="Set">A set id, or <c>latest</c>.</param>
/// <param name="Tier">Limits <c>latest</c> and bare set names to one tier.</param>
/// <param name="Databases">Only these databases' dumps (default: all of the set's).</param>
/// <param name="Restore">Also restore each dump into a scratch database and compare.</param>
/// <param name="Keep">Leave the scratch databases for inspection.</param>
/// <param name="CompleteOnly">For <c>latest</c>: only consider complete sets (scheduled verification does).</param>
/// <param name="Target">Verify the copy on this target instead of the set in the local root.</param>
public sealed record VerifyRequest(string Set = "latest", string? Tier = null, IReadOnlyList<string>? Databases = null, bool Restore = false, bool Keep = false, bool CompleteOnly = false, string? Target = null);

/// <summary>A verified set and what its verification found.</summary>
public sealed record VerifyOutcome(StoredSet Set, SetVerification Verification, IReadOnlyList<string> KeptDatabases)
{
    public bool Passed => Verification.Status == VerificationStatus.Passed;
}
