namespace Hourglass.Tests.Encryption;

/// <summary>Reads a decrypting stream to its end the way a caller would, keeping what it handed out before any failure.</summary>
internal static class AgeReads
{
    /// <summary>Everything <paramref name="stream"/> returns, read through the sync or the async API in pieces of <paramref name="piece"/> bytes, and the failure that stopped it (null when it ended).</summary>
    public static async Task<(byte[] Plaintext, HourglassException? Failure)> ReadAllAsync(Stream stream, bool async, int piece = 8192)
    {
        var plaintext = new MemoryStream();
        var buffer = new byte[piece];
        try
        {
            while (true)
            {
                var read = async
                    ? await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)
                    : stream.Read(buffer, 0, buffer.Length);
                if (read == 0)
                {
                    return (plaintext.ToArray(), null);
                }

                plaintext.Write(buffer, 0, read);
            }
        }
        catch (HourglassException e)
        {
            return (plaintext.ToArray(), e);
        }
    }
}
