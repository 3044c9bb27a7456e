namespace Hourglass;

/// <summary>Every user-facing failure message, each a named factory: what went wrong, then how to fix it.</summary>
public static class Errors
{
    public static HourglassException Config(string source, string problem) =>
        new(ExitCode.Usage, $"{source}: {problem}");

    public static HourglassException ConfigFileMissing(string path) =>
        new(ExitCode.Usage, $"config file {path} does not exist: create it (see hourglass.example.json) or pass --config FILE");

    public static HourglassException ConfigFileUnreadable(string path, string reason) =>
        new(ExitCode.Usage, $"config file {path} is not valid JSON ({reason}): fix the file and run again");

    public static HourglassException Usage(string problem) => new(ExitCode.Usage, problem);

    public static HourglassException UnknownTier(string tier, IEnumerable<string> tiers) =>
        new(ExitCode.Usage, $"there is no tier '{tier}': use one of {string.Join(", ", tiers)} (the config's tiers)");

    public static HourglassException UnknownTarget(string target, IEnumerable<string> targets) =>
        new(ExitCode.Usage, targets.Any()
            ? $"there is no target '{target}': use one of {string.Join(", ", targets)} (the config's targets)"
            : $"there is no target '{target}': no targets are configured; add one under \"targets\" in hourglass.json");

    public static HourglassException NoIdentityFile() =>
        new(ExitCode.Usage, "this set is encrypted and no age identity is configured: set \"encryption\": { \"identityFile\": \"…\" } to the file age-keygen wrote");

    public static HourglassException CopyMismatch(string set, string target, string problem) =>
        new(ExitCode.Failed, $"set {set} was not copied to target '{target}': {problem}") { IsDataFault = true };

    public static HourglassException RootNotWritable(string root, string reason) =>
        new(ExitCode.Failed, $"the backup root {root} is not writable ({reason}): fix its permissions or point backupRoot elsewhere");

    public static HourglassException NothingToCopy(string tiers, string where) =>
        new(ExitCode.Failed, $"no set with a good dump in tier {tiers} in {where}: take one with `hourglass backup`");

    public static HourglassException TierNotTaken(string target, string tier, IEnumerable<string> taken) =>
        new(ExitCode.Usage, $"target '{target}' does not take tier '{tier}' (it takes {string.Join(", ", taken)}): add \"{tier}\" under targets.{target}.tiers, or copy a set of another tier");

    public static HourglassException NoLongerThere(string set) =>
        new(ExitCode.Failed, $"there is no backup set '{set}' in the backup root (pruned before it could be copied?): nothing to copy") { IsDataFault = true };

    public static HourglassException CopyAlreadyQueued(string set, string target, long job) =>
        new(ExitCode.Failed, $"a copy of {set} to target '{target}' is already queued or running as job {job}: wait for it (`hourglass jobs show {job}`), or cancel it first");

    public static HourglassException CopyOverUnreadable(string set, string target, string? problem) =>
        new(ExitCode.Failed, $"set {set} on target '{target}' has a manifest that cannot be used ({problem ?? "unreadable"}): look at it there and remove the set before copying it again") { IsDataFault = true };

    public static HourglassException CopyTakenId(string set, string target) =>
        new(ExitCode.Failed, $"set {set} could not be copied to target '{target}': something else is being written at that id there; retry later");

    public static HourglassException UnknownDatabase(string database) =>
        new(ExitCode.Usage, $"database '{database}' is not in the config's databases: add it there or pick one that is");

    public static HourglassException NoDatabases() =>
        new(ExitCode.Usage, "no databases are configured: list them under \"databases\" in hourglass.json");

    public static HourglassException SetNotFound(string set) =>
        new(ExitCode.Failed, $"there is no backup set '{set}': run `hourglass list` to see the sets");

    public static HourglassException NoGoodDump(string database, string where) =>
        new(ExitCode.Failed, $"no good backup of database '{database}' in {where}: run `hourglass list --db {database}` to see what there is");

    public static HourglassException SetUnreadable(string setId, string verb, string? problem) =>
        new(ExitCode.Failed, $"set {setId} cannot be {verb}: {problem ?? "its manifest cannot be read"}");

    /// <summary>A set's file or folder is a symbolic link: Hourglass never makes one, so it never follows one out of the backup root.</summary>
    public static HourglassException SymbolicLinkInSet(string path) =>
        new(ExitCode.Failed, $"{path} is a symbolic link, which Hourglass never writes into a set, so it is not followed: the set was changed by hand; restore another set, or put the real file back")
        {
            IsDataFault = true,
        };

    public static HourglassException DumpNotGood(string setId, string database, string? error) =>
        new(ExitCode.Failed, $"set {setId} has no good dump of '{database}' ({error ?? "it failed when taken"}): pick another set from `hourglass list --db {database}`");

    public static HourglassException DamagedDump(string problem) =>
        new(ExitCode.Failed, $"{problem}: the set is damaged; restore from another set (or pass --force to restore this file anyway)");

    public static HourglassException DumpUnreadable(string setId, string file, string cause) =>
        new(ExitCode.Failed, $"{file} of set {setId} cannot be read to its end ({cause}): the file is damaged; pick another set from `hourglass list`");

    public static HourglassException DumpReadFailed(string setId, string file, string cause) =>
        new(ExitCode.Failed, $"reading {file} of set {setId} failed ({cause}): check the store and try again");

    /// <summary>A <c>--table</c>, <c>--exclude-table</c> or <c>--schema</c> value that does not spell a name.</summary>
    public static HourglassException RestoreNameInvalid(string option, string text) =>
        new(ExitCode.Usage, $"{option} {Quoted(text)} is not a name: give {(option == "--schema" ? "one name" : "name or schema.name")}, with a part that holds a dot or a quote in double quotes (\"Audit Log\".\"Events Table\")");

    /// <summary>Two restore options that cannot both be honoured.</summary>
    public static HourglassException RestoreOptionsContradict(string first, string second) =>
        new(ExitCode.Usage, $"{first} and {second} contradict each other: pass only one of them");

    /// <summary>A restore target that a restore must never replace: the server's own databases, or a name Hourglass keeps for its staging databases.</summary>
    public static HourglassException RestoreTargetReserved(string database) =>
        new(ExitCode.Usage, $"'{database}' cannot be a restore target: it is {(database.StartsWith("hourglass_", StringComparison.Ordinal) ? "a name Hourglass keeps for its own restores" : "one of the server's own databases")}; pick another with --into");

    /// <summary><c>--force</c> with a selection, which would replace a whole database with part of its dump.</summary>
    public static HourglassException PartialRestoreWouldReplace(string database) =>
        new(ExitCode.Usage, $"database '{database}' is not empty, and --force with --table, --schema, --exclude-table or --schema-only would replace all of it with part of the dump: restore --into a new database instead");

    /// <summary>An empty target that was written to while the restore ran, so replacing it would lose what was written.</summary>
    public static HourglassException TargetWrittenDuringRestore(string database) =>
        new(ExitCode.Failed, $"database '{database}' was empty when the restore started and is not any more: it is left as it was, and nothing was restored into it; run the restore again with --into another database, or with --force to replace it");

    /// <summary><c>--data-only</c> into a database that does not exist.</summary>
    public static HourglassException DataOnlyNeedsDatabase(string database) =>
        new(ExitCode.Usage, $"--data-only loads rows into an existing database, and '{database}' does not exist: restore its schema first (--schema-only), or leave out --data-only");

    /// <summary><c>--table</c> values that name no table of the dump, found before anything is restored.</summary>
    public static HourglassException RestoreTablesNotInDump(IReadOnlyList<string> tables, string setId, string database) =>
        new(ExitCode.Usage, $"the dump of '{database}' in set {setId} has no table{(tables.Count == 1 ? "" : "s")} {string.Join(", ", tables)}: run `hourglass show {setId} --db {database}` to see its tables");

    public static HourglassException TargetNotEmpty(string database) =>
        new(ExitCode.Failed, $"database '{database}' is not empty: restore into a new database with --into NAME, or replace it with --force");

    public static HourglassException RestoreTargetInUse(string database) =>
        new(ExitCode.Failed, $"database '{database}' already exists and is not empty: restore into a new database name (only `hourglass restore --force` replaces one)");

    public static HourglassException JobNotRetryable(long id) =>
        new(ExitCode.Failed, $"job {id} is not discarded or cancelled, so there is nothing to retry: see `hourglass jobs show {id}`");

    public static HourglassException JobAlreadyFinished(long id) =>
        new(ExitCode.Failed, $"job {id} has already finished, so there is nothing to cancel: see `hourglass jobs show {id}`");

    public static HourglassException TokenNameInvalid(string name) =>
        new(ExitCode.Usage, $"'{name}' is not a token name: use 1 to 64 letters, digits, '.', '-' or '_' (like ci-deploy)");

    public static HourglassException TokenExists(string name) =>
        new(ExitCode.Usage, $"a token named '{name}' already exists: pick another name, or revoke it first with `hourglass tokens revoke {name}`");

    public static HourglassException TokenNotFound(string name) =>
        new(ExitCode.Failed, $"there is no active token named '{name}': run `hourglass tokens list` to see them");

    public static HourglassException PasswordTooShort(int minimum) =>
        new(ExitCode.Usage, $"the password is shorter than {minimum} characters: choose a longer one");

    public static HourglassException PasswordsDiffer() =>
        new(ExitCode.Usage, "the two passwords differ: run `hourglass web password` again and type the same one twice");

    public static HourglassException PasswordFolderMissing(string folder) =>
        new(ExitCode.Usage, $"the folder {folder} does not exist: create it first, or give --file a path in an existing folder");

    public static HourglassException RestoreFailed(string database, string cause) =>
        new(ExitCode.Failed, $"restore into '{database}' failed: {cause}");

    /// <summary>A restore that failed because the dump's own SQL failed: the dump is at fault (<see cref="HourglassException.IsDataFault"/>).</summary>
    public static HourglassException DumpDoesNotLoad(string database, string cause) =>
        new(ExitCode.Failed, RestoreFailed(database, cause).Message) { IsDataFault = true };

    public static HourglassException TestRestoreCouldNotRun(string file, string cause) =>
        new(ExitCode.Failed, $"could not test-restore {file}: {cause}; the set was not judged: run the verification again once that is fixed");

    public static HourglassException ReplaceFailed(string database, string cause, string? oldDatabaseNow) =>
        new(ExitCode.Failed, oldDatabaseNow is null
            ? $"restore into '{database}' failed: the restored copy could not replace it ({cause}); '{database}' is unchanged"
            : $"restore into '{database}' failed: the restored copy could not replace it ({cause}), and the original could not be renamed back: it is now '{oldDatabaseNow}'; rename it with ALTER DATABASE \"{oldDatabaseNow}\" RENAME TO \"{database}\"");

    public static HourglassException ToolMissing(string tool) =>
        new(ExitCode.Failed, $"{tool} was not found on PATH: install the PostgreSQL client (apt-get install postgresql-client) or add its bin folder to PATH");

    public static HourglassException ClientTooOld(string tool, int clientMajor, int serverMajor) =>
        new(ExitCode.Failed, $"{tool} {clientMajor} is older than the server (PostgreSQL {serverMajor}): install postgresql-client-{serverMajor}");

    public static HourglassException DiskFull(string path) =>
        new(ExitCode.Failed, $"no space left on the device holding {path}: free space or point backupRoot at a larger disk");

    public static HourglassException NothingBackedUp(string tier, string causes) =>
        new(ExitCode.Failed, $"no database of tier '{tier}' was backed up, so no set was kept: {causes}");

    public static HourglassException CannotConnect(string where, string cause) =>
        new(ExitCode.Failed, $"cannot connect to PostgreSQL {where}: {cause}");

    public static HourglassException LedgerTooNew(string where, int version, int known) =>
        new(ExitCode.Failed, $"the ledger ({where}) has schema version {version}, newer than this Hourglass knows ({known}): upgrade Hourglass on this node");

    public static HourglassException LedgerUnreachable(string where, string cause) =>
        new(ExitCode.Failed, $"cannot open the job ledger ({where}): {cause}");

    public static HourglassException JobNotFound(long id) =>
        new(ExitCode.Failed, $"there is no job {id}: run `hourglass jobs` to see them");

    public static HourglassException NothingToVerify(string where) =>
        new(ExitCode.Failed, $"there is no set to verify in {where}: take one with `hourglass backup`");

    /// <summary>A verification that found problems with a set: a finding about the data, so a job for it is not retried.</summary>
    public static HourglassException VerificationFailed(string setId, IReadOnlyList<string> problems) =>
        new(ExitCode.Failed, $"verification of {setId} failed with {problems.Count} problem{(problems.Count == 1 ? "" : "s")}: {string.Join("; ", problems)}") { IsDataFault = true };

    public static HourglassException AgeRecipientInvalid(string problem) =>
        new(ExitCode.Usage, $"not a valid age recipient: {problem}; give an age1… public key as age-keygen prints it");

    public static HourglassException AgeRecipientIsSecret() =>
        new(ExitCode.Usage, "that is an age secret key, not a recipient: give its public key instead (age-keygen -y FILE prints it)");

    public static HourglassException AgeIdentityInvalid(string problem) =>
        new(ExitCode.Usage, $"not a valid age identity: {problem}; give an AGE-SECRET-KEY-1… key as age-keygen writes it");

    public static HourglassException AgeIdentityFileMissing(string path) =>
        new(ExitCode.Usage, $"age identity file {path} does not exist: create one with age-keygen -o {path}, or give the file that holds the key");

    public static HourglassException AgeIdentityFileUnreadable(string path, string reason) =>
        new(ExitCode.Usage, $"cannot read age identity file {path} ({reason}): make it readable by the user Hourglass runs as");

    public static HourglassException AgeIdentityFileInvalid(string path, string problem) =>
        new(ExitCode.Usage, $"age identity file {path} is not valid: {problem}; it should hold AGE-SECRET-KEY-1… lines as age-keygen writes them");

    public static HourglassException AgeIdentityFileHasNoKey(string path) =>
        new(ExitCode.Usage, $"age identity file {path} holds no secret key: create one with age-keygen -o FILE and give that file");

    /// <summary>No identity opens any stanza of <paramref name="file"/>; <paramref name="identityFiles"/> are where they came from (empty: given as text).</summary>
    public static HourglassException AgeWrongKey(string file, IReadOnlyList<string> identityFiles) =>
        new(ExitCode.Usage, $"{file} is encrypted to a different key: {identityFiles.Count switch
        {
            0 => "the given identity does not match",
            1 => $"the identity file {identityFiles[0]} does not match",
            _ => $"none of the identity files {string.Join(", ", identityFiles)} matches",
        }}; use the identity of one of its recipients");

    public static HourglassException AgePassphraseOnly(string file) =>
        new(ExitCode.Usage, $"{file} is encrypted with a passphrase, which Hourglass cannot decrypt: decrypt it with age -d, or encrypt to an age1… recipient");

    /// <summary>An encrypted file that is not intact: a finding about the data (<see cref="HourglassException.IsDataFault"/>).</summary>
    public static HourglassException AgeFileDamaged(string file, string problem) =>
        new(ExitCode.Failed, $"{file} is damaged or not an age file: {problem}; use another copy") { IsDataFault = true };
    public static HourglassException S3Unreachable(string target, string cause) =>
        new(ExitCode.Failed, $"target {target}: cannot reach the endpoint ({cause}): check the target's \"endpoint\" and \"region\" and that the server is running and reachable from here");

    public static HourglassException S3CredentialsRefused(string target, string code) =>
        new(ExitCode.Failed, $"target {target}: the server refused the credentials ({code}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile AWS_PROFILE names) and that they may use the bucket");

    public static HourglassException S3NoCredentials(string target) =>
        new(ExitCode.Failed, $"target {target}: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a shared credentials file (~/.aws/credentials)");

    public static HourglassException S3BucketMissing(string target, string bucket) =>
        new(ExitCode.Failed, $"target {target}: bucket '{bucket}' does not exist: create it, or fix the target's \"bucket\"");

    public static HourglassException S3Failed(string target, string what) =>
        new(ExitCode.Failed, $"target {target}: {what}");

    public static HourglassException Cancelled() => new(ExitCode.Failed, "cancelled: nothing was kept of the unfinished work");

    public static HourglassException AlertSecretFileMissing(string key, string path) =>
        new(ExitCode.Usage, $"'{key}' {path} does not exist or is empty: write the secret into it, or remove the key");

    public static HourglassException AlertSecretVariableMissing(string key, string variable) =>
        new(ExitCode.Usage, $"environment variable {variable} (named by '{key}') is not set or is empty: set it for the daemon, or remove the key");

    public static HourglassException AlertSecretUnreadable(string key, string path, string reason) =>
        new(ExitCode.Usage, $"'{key}' {path} cannot be read ({reason}): make it readable by the user Hourglass runs as");

    public static HourglassException WebhookSecretInvalid(string key) =>
        new(ExitCode.Usage, $"the webhook signing secret named by '{key}' is not a Standard Webhooks secret: use whsec_ followed by base64 (for example whsec_$(head -c 32 /dev/urandom | base64))");

    public static HourglassException AlertUrlInvalid(string key) =>
        new(ExitCode.Usage, $"the URL named by '{key}' is not an http(s) URL: give one like https://hooks.example.com/…");

    public static HourglassException NoAlertChannels() =>
        new(ExitCode.Usage, "no alert channel is configured: add alerts.webhook, alerts.slack, alerts.email or alerts.ping to hourglass.json (README \"Alerts\")");

    public static HourglassException BadQueryValue(string parameter, string value, string expected) =>
        new(ExitCode.Usage, $"{parameter}={Quoted(value)} is not valid: {expected}");

    public static HourglassException NoSuchRoute(string path) =>
        new(ExitCode.Usage, $"there is no API route {Quoted(path)}: see README \"JSON API\" for the routes");

    public static HourglassException LedgerFailed(string cause) =>
        new(ExitCode.Failed, $"the job ledger failed: {cause}: check that it is reachable (`hourglass doctor`)");

    /// <summary>Text a stranger sent, as a message shows it: quoted and not too long to read.</summary>
    private static string Quoted(string text) => text.Length > 80 ? $"'{text[..80]}…'" : $"'{text}'";

    public static HourglassException WebNotConfigured() =>
        new(ExitCode.Usage, "AddHourglassWeb was called but the config has no 'web' section: add \"web\": { \"listen\": \"127.0.0.1:8765\" } (README \"Web\")");
}
