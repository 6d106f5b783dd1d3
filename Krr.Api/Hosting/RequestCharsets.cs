using System.Text;
using Microsoft.Net.Http.Headers;

namespace Krr.Api.Hosting;

/// <summary>
/// Refuses a body whose <c>Content-Type</c> names a charset this process cannot decode, before anything reads it.
/// The framework's readers meet such a charset deep inside form and JSON binding: UTF-7 throws there (it is disabled in
/// .NET), so every page form and bound body would answer 500, and an unknown name is silently read as UTF-8.
/// </summary>
public static class RequestCharsets
{
    private const int ShownLength = 40;

    public static IApplicationBuilder UseDecodableRequestCharsets(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Undecodable(http.Request.ContentType) is { } charset)
        {
            await Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported charset",
                detail: $"The body's charset '{charset}' cannot be read; send it as UTF-8 (charset=utf-8, or no charset).").ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    /// <summary>The charset <paramref name="contentType"/> names, shortened, when it is not one .NET decodes; otherwise null.</summary>
    public static string? Undecodable(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.Charset is not { Length: > 0 } charset)
        {
            return null;
        }
        var name = HeaderUtilities.RemoveQuotes(charset).ToString();
        if (Decodable(name))
        {
            return null;
        }
        return name.Length > ShownLength ? name[..ShownLength] + "…" : name;
    }

    private static bool Decodable(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
