using System.Collections.Concurrent;
using Hourglass.Backups;
using Spectre.Console;

namespace Hourglass.Cli.Rendering;

/// <summary>A live table on the terminal: one row per database with its phase, bytes read and written, rate and elapsed time.</summary>
internal sealed class BackupProgressView
{
    private readonly ConcurrentDictionary<string, DumpProgress> _rows = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public IProgress<DumpProgress> Sink => new ProgressSink<DumpProgress>(p =>
    {
        lock (_order)
        {
            if (!_order.Contains(p.Database))
            {
                _order.Add(p.Database);
            }
        }

        _rows[p.Database] = p;
    });

    /// <summary>Runs <paramref name="work"/> while redrawing the table a few times a second.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        T result = default!;
        await AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            var task = work();
            while (!task.IsCompleted)
            {
                await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System));
                context.UpdateTarget(Render());
            }

            context.UpdateTarget(Render());
            result = await task;
        });
        return result;
    }

    private Table Render()
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Database").AddColumn("State").AddColumn(new TableColumn("Read").RightAligned())
            .AddColumn(new TableColumn("Written").RightAligned()).AddColumn(new TableColumn("Rate").RightAligned())
            .AddColumn(new TableColumn("Elapsed").RightAligned());
        string[] order;
        lock (_order)
        {
            order = [.. _order];
        }

        foreach (var name in order)
        {
            var p = _rows[name];
            var state = p.Phase switch
            {
                DumpPhase.Waiting => "[grey]waiting[/]",
                DumpPhase.Dumping => "[yellow]dumping[/]",
                DumpPhase.Done => "[green]ok[/]",
                _ => "[red]failed[/]",
            };
            table.AddRow(
                Markup.Escape(name),
                state,
                Sizes.Bytes(p.RawBytes),
                Sizes.Bytes(p.Bytes),
                p.Phase == DumpPhase.Dumping ? Sizes.Rate(p.RawBytes, p.Elapsed) : "",
                p.Phase == DumpPhase.Waiting ? "" : Sizes.Duration(p.Elapsed));
        }

        return table;
    }
}
