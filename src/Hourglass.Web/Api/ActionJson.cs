using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Api;

/// <summary>The body of <c>POST /api/v1/backups</c>: a tier (default: the one that runs most often) and, when not all, databases.</summary>
internal sealed record BackupAction
{
    public string? Tier { get; init; }

    public IReadOnlyList<string>? Databases { get; init; }
}

/// <summary>The body of <c>POST /api/v1/verifications</c>: a set (default <c>latest</c>), a tier to look in, and whether to test-restore.</summary>
internal sealed record VerifyAction
{
    public string? Set { get; init; }

    public string? Tier { get; init; }

    public bool? Restore { get; init; }
}

/// <summary>The body of <c>POST /api/v1/restores</c>: which set and database, and the new database to restore into.</summary>
internal sealed record RestoreAction
{
    public string? Set { get; init; }

    public string? Database { get; init; }

    public string? Into { get; init; }

    public string? Tier { get; init; }
}

/// <summary>What a refused request is told: one line, with the fix.</summary>
internal sealed record ActionError(string Error);

/// <summary>The actions' JSON: camelCase, and a field the action does not know is an error rather than ignored (as in the config).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(BackupAction))]
[JsonSerializable(typeof(VerifyAction))]
[JsonSerializable(typeof(RestoreAction))]
[JsonSerializable(typeof(ActionError))]
internal sealed partial class ActionJson : JsonSerializerContext
{
    /// <summary>Answers <paramref name="status"/> with <c>{"error": message}</c>.</summary>
    public static IResult Error(int status, string message) =>
        Results.Text(JsonSerializer.Serialize(new ActionError(message), Relaxed.ActionError), "application/json; charset=utf-8", statusCode: status);

    /// <summary>Writes text as it is (quotes and backticks unescaped), as <see cref="Hosting.DocumentJson"/> does for every document.</summary>
    private static readonly ActionJson Relaxed = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Writes <c>{"error": message}</c> with <paramref name="status"/>, from middleware.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message) => Error(status, message).ExecuteAsync(context);
}
