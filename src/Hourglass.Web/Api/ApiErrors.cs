using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hourglass.Web.Api;

/// <summary>
/// Turns what an API handler throws into <c>{"error": "…"}</c>: a usage error (a bad query value) is 400, work that
/// could not be done (the ledger or a target away) is 503, and anything else is 500 with the details in the node's
/// log only, so no stack trace or internal text reaches a client.
/// </summary>
internal static class ApiErrors
{
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext factory, EndpointFilterDelegate next) => async context =>
    {
        try
        {
            return await next(context);
        }
        catch (HourglassException e)
        {
            return ApiResults.Error(e.ExitCode == ExitCode.Usage ? StatusCodes.Status400BadRequest : StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, Errors.LedgerFailed(e.Message.Split('\n', 2)[0].Trim()).Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors).FullName!).ApiFailed(context.HttpContext.Request.Path, e.ToString());
            return ApiResults.Error(StatusCodes.Status500InternalServerError, "the request failed inside Hourglass: see the node's log");
        }
    };
}
