namespace Hourglass.Cli.Rendering;

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread, unlike <see cref="Progress{T}"/> which queues to the thread pool.</summary>
internal sealed class ProgressSink<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
