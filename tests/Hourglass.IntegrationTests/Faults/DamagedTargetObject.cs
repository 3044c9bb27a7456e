using Amazon.S3.Model;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The same damage to a dump or globals object of a set on the S3 target, behind Hourglass's back: <c>hourglass
/// verify --target</c> of that set must fail and name the file. The object is then put back as it was.
/// </summary>
internal sealed class DamagedTargetObject : Fault
{
    public override string Kind => "target object damaged";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var sets = await lab.Offsite.SetsAsync(cancellationToken);
        var set = sets[random.Next(sets.Count)];
        var manifest = await lab.Offsite.ManifestAsync(set, cancellationToken);
        var files = manifest.Databases.Select(d => d.File).Append(manifest.Globals!.File).OfType<string>().ToList();
        var file = files[random.Next(files.Count)];
        var key = Offsite.KeyOf(set, file);
        var original = await lab.Offsite.ReadAsync(key, cancellationToken);
        var kind = Damage.Pick(random);
        await WriteAsync(lab, key, Damage.Apply(kind, original, random), cancellationToken);
        CliResult verify;
        try
        {
            verify = await lab.RunAsync(cancellationToken, "verify", set.ToString(), "--target", Lab.TargetName);
        }
        finally
        {
            await WriteAsync(lab, key, original, cancellationToken);
        }

        return FaultResult.Of(Landings.Detected, DamagedLocalFile.Reported($"verify --target of {set} after {kind} {file}", verify, file));
    }

    private static async Task WriteAsync(Lab lab, string key, byte[]? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            await lab.Offsite.Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = lab.Offsite.Bucket, Key = key }, cancellationToken);
            return;
        }

        await lab.Offsite.WriteAsync(key, content, cancellationToken);
    }
}
