using Hourglass.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Api;

/// <summary>The API's answers: the engine's documents in the bytes the CLI's <c>--json</c> prints, and errors as <see cref="ErrorDocument"/>.</summary>
internal static class ApiResults
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>A document, written by <see cref="DocumentJson"/> like <c>--json</c> writes it.</summary>
    public static IResult Document<T>(T document) => Results.Text(DocumentJson.Serialize(document), Json, statusCode: StatusCodes.Status200OK);

    /// <summary>An error with <paramref name="status"/> and a one-line message.</summary>
    public static IResult Error(int status, string message) =>
        Results.Json(new ErrorDocument(message.ReplaceLineEndings(" ")), WebJson.Relaxed.ErrorDocument, Json, status);

    public static IResult NotFound(HourglassException error) => Error(StatusCodes.Status404NotFound, error.Message);
}
