namespace Hourglass.Web.Auth;

/// <summary>
/// Where sign-in sends a person on to: only a path on this host, by the rule of ASP.NET Core's <c>IsLocalUrl</c>, so
/// a sign-in link cannot send the person on to another site. Browsers drop tabs and line breaks inside a URL, so
/// <c>/\t/evil.com</c> would become <c>//evil.com</c>: a control or white-space character anywhere refuses the path.
/// </summary>
internal static class ReturnUrl
{
    /// <summary><paramref name="returnUrl"/> when it is local (<c>/…</c> or <c>~/…</c>, not <c>//</c> or <c>/\</c>), else <c>/</c>.</summary>
    public static string LocalOrRoot(string? returnUrl) => IsLocal(returnUrl) ? returnUrl! : "/";

    private static bool IsLocal(string? url)
    {
        var rest = url switch
        {
            ['/', .. var path] => path,
            ['~', '/', .. var path] => path,
            _ => null,
        };
        return rest is not null and not ['/' or '\\', ..] && !rest.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));
    }
}
