// An application that runs Hourglass inside itself, as the first user's Phoenix app runs Oban:
// the scheduler and workers start and stop with the app, and share the ledger with any `hourglass serve` nodes.
using Hourglass.Hosting;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);

// Everything under "Hourglass" takes the keys of hourglass.json; environment variables override them
// (Hourglass__databases__0=singularity, Hourglass__connection__host=db).
builder.Services.AddHourglass(builder.Configuration.GetSection("Hourglass"), builder.Environment.ContentRootPath);

// ... the app's own services go here ...

await builder.Build().RunAsync();
