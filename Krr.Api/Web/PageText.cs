using System.Globalization;
using Krr.Api.Wire;

namespace Krr.Api.Web;

/// <summary>The texts of one request's pages in its language (<see cref="PageLanguage"/>); views inject it as <c>T</c>.</summary>
public sealed class PageText(IHttpContextAccessor accessor)
{
    private string? _language;

    public string Language => _language ??= PageLanguage.Of(accessor.HttpContext!);

    public string this[string key] => PageTexts.For(key, Language);

    public string Format(string key, params object[] values) => string.Format(CultureInfo.InvariantCulture, this[key], values);

    /// <summary>A whole number the way the language writes it: "340 129" in Norwegian, "340,129" in English.</summary>
    public string Number(long value) => Language == Texts.English
        ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '\u00a0');

    /// <summary>A percentage: "80,06 %" in Norwegian, "80.06%" in English.</summary>
    public string Percent(decimal value) => Language == Texts.English
        ? value.ToString("0.00", CultureInfo.InvariantCulture) + "%"
        : value.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',') + "\u00a0%";

    /// <summary>A register time (UTC) as the reader's local Norwegian time, to the minute.</summary>
    public string Time(DateTimeOffset value) =>
        TimeZoneInfo.ConvertTime(value, Oslo).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Oslo", out var zone) ? zone : TimeZoneInfo.Utc;
}
