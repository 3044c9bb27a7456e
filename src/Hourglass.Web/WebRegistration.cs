using Hourglass.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web;

/// <summary>
/// Adds the web host (README "Web") to an app that already has the engine (<c>AddHourglass</c> or
/// <c>AddHourglassCore</c>): health, metrics, the JSON API and the dashboard on <c>web.listen</c>, started and
/// stopped with the app. It runs its own Kestrel listener beside whatever the app serves, so an app with its own
/// web pages keeps them and an app with none needs no ASP.NET Core set-up of its own.
/// </summary>
public static class WebRegistration
{
    /// <summary>
    /// Adds the web host configured by the <c>web</c> section of the engine's own config (what
    /// <c>AddHourglass(configuration)</c> bound and validated). The app fails at start with one line when that section is absent.
    /// </summary>
    public static IServiceCollection AddHourglassWeb(this IServiceCollection services)
    {
        services.AddSingleton(provider => provider.GetRequiredService<HourglassOptions>().Web ?? throw Errors.WebNotConfigured());
        services.AddHostedService<WebHost>();
        return services;
    }

    /// <summary>Adds the web host with <paramref name="options"/> (the <c>web</c> section, already validated by the config loader).</summary>
    public static IServiceCollection AddHourglassWeb(this IServiceCollection services, WebOptions options)
    {
        services.AddSingleton(options);
        services.AddHostedService<WebHost>();
        return services;
    }
}
