// The integration tests drive PostgreSQL's Linux packages, tmpfs mounts and /proc.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
