namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>Waits for a condition that another process brings about.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, Func<string>? context = null)
        where T : class
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        throw new TimeoutException($"timed out after {timeout} waiting for {what}.{(context is null ? "" : "\n" + context())}");
    }
}
