using System.Text;
using Krr.Grains.Domain;
using Npgsql;

namespace Krr.Api.TestData;

/// <summary>
/// The search filters of the seed's test data screen (SPEC §12), by their query names: <c>status</c>
/// (AKTIV, SLETTET, IKKE_REGISTRERT), <c>varslingsstatus</c> (KAN_VARSLES, KAN_IKKE_VARSLES), <c>spraak</c>
/// (målform), <c>reservasjon</c>, <c>har_mobil</c> and <c>har_epost</c> (JA, NEI). Absent means any.
/// </summary>
public sealed record TestDataFilter(string? Status, bool? CanNotify, string? Language, bool? Reserved, bool? HasMobile, bool? HasEmail)
{
    /// <summary>
    /// KAN_VARSLES over the read model, exactly as <c>PersonNotification.CanNotify</c>: active, not reserved, and
    /// either channel still fresh, which is the newest confirmation of the two being fresh (<see cref="FreshSince"/>
    /// gives <c>@fresh_since</c>). <c>greatest</c> ignores a missing channel; with neither, the result is false, and
    /// so it is for a NULL status, so that <c>NOT</c> of it is exactly the rest.
    /// </summary>
    public const string CanNotifySql =
        "coalesce(krr_status = 0 AND NOT reserved AND greatest(email_confirmed, mobile_confirmed) >= @fresh_since, false)";

    /// <summary>Brukerstatus from the read model's KRR status (NULL: the person never registered).</summary>
    public const string StatusSql = "CASE krr_status WHEN 0 THEN 'AKTIV' WHEN 1 THEN 'SLETTET' ELSE 'IKKE_REGISTRERT' END";

    private static readonly string[] Statuses = ["AKTIV", "SLETTET", "IKKE_REGISTRERT"];

    public static bool TryParse(IQueryCollection query, out TestDataFilter filter, out List<ValidationError> errors)
    {
        var found = new List<ValidationError>();
        string? status = query["status"];
        if (status is not null && !Statuses.Contains(status))
            found.Add(new("status.invalid", $"status '{status}' is not one of {string.Join(", ", Statuses)}"));
        string? varsling = query["varslingsstatus"];
        bool? canNotify = varsling switch
        {
            null => null,
            "KAN_VARSLES" => true,
            "KAN_IKKE_VARSLES" => false,
            _ => Invalid("varslingsstatus", $"varslingsstatus '{varsling}' is not KAN_VARSLES or KAN_IKKE_VARSLES"),
        };
        string? language = query["spraak"];
        if (language is not null && !Grains.Domain.Language.TryParse(language, out _, out var languageError))
            found.Add(languageError);
        filter = new TestDataFilter(status, canNotify, language?.ToLowerInvariant(), YesNo("reservasjon"), YesNo("har_mobil"), YesNo("har_epost"));
        errors = found;
        return found.Count == 0;

        bool? YesNo(string name) => query[name].ToString() switch
        {
            "" => null,
            "JA" => true,
            "NEI" => false,
            var other => Invalid(name, $"{name} '{other}' is not JA or NEI"),
        };

        bool? Invalid(string name, string message)
        {
            found.Add(new($"{name}.invalid", message));
            return null;
        }
    }

    /// <summary>The WHERE clause over <c>krr_population</c> (always present) with its parameters added to <paramref name="command"/>; <c>@fresh_since</c> included.</summary>
    public string Where(NpgsqlCommand command, DateTimeOffset now)
    {
        var sql = new StringBuilder("WHERE ");
        sql.Append(Others(command, "mobile_confirmed IS NOT NULL", "email_confirmed IS NOT NULL"));
        command.Parameters.AddWithValue("fresh_since", FreshSince.At(now));
        if (CanNotify is { } canNotify)
            sql.Append(canNotify ? $" AND {CanNotifySql}" : $" AND NOT {CanNotifySql}");
        return sql.ToString();
    }

    /// <summary>
    /// The count of matching persons from the search summary (migration 0044) instead of a scan. Every filter but
    /// varslingsstatus is a column of the summary. For varslingsstatus, <see cref="FreshSince"/>'s UTC day splits
    /// the summary: days after it are wholly notifiable (if active and not reserved), days before it wholly not,
    /// and that one day's active, unreserved rows are counted in <c>krr_population</c> through
    /// <c>ix_krr_population_notifiable</c>: from fresh-since to the day's end for KAN_VARSLES, from the day's start
    /// to fresh-since for KAN_IKKE_VARSLES. The same rule as <see cref="CanNotifySql"/>, row for row.
    /// </summary>
    public string SummaryCount(NpgsqlCommand command, DateTimeOffset now)
    {
        var summary = $"SELECT coalesce(sum(persons), 0) FROM krr_population_by_search_key_current WHERE {Others(command, "has_mobile", "has_email")}";
        if (CanNotify is not { } canNotify)
            return $"SELECT ({summary})::bigint";
        var since = FreshSince.At(now);
        var day = new DateTimeOffset(since.UtcDateTime.Date, TimeSpan.Zero);
        command.Parameters.AddWithValue("day", DateOnly.FromDateTime(day.UtcDateTime));
        command.Parameters.AddWithValue("from", canNotify ? since : day);
        command.Parameters.AddWithValue("to", canNotify ? day.AddDays(1) : since);
        summary += canNotify
            ? " AND krr_status = 0 AND NOT reserved AND confirmed_day > @day"
            : " AND NOT coalesce(krr_status = 0 AND NOT reserved AND confirmed_day >= @day, false)";
        var boundary = $"SELECT count(*) FROM krr_population WHERE {Others(command, "mobile_confirmed IS NOT NULL", "email_confirmed IS NOT NULL")}"
            + " AND krr_status = 0 AND NOT reserved"
            + " AND greatest(email_confirmed, mobile_confirmed) >= @from AND greatest(email_confirmed, mobile_confirmed) < @to";
        return $"SELECT (({summary}) + ({boundary}))::bigint";
    }

    /// <summary>Every filter but varslingsstatus, over columns both the read model and its search summary have but the two channel flags.</summary>
    private string Others(NpgsqlCommand command, string hasMobileSql, string hasEmailSql)
    {
        var sql = new StringBuilder("true");
        if (Status is not null)
        {
            if (Status == "IKKE_REGISTRERT")
            {
                sql.Append(" AND krr_status IS NULL");
            }
            else
            {
                sql.Append(" AND krr_status = @status");
                if (!command.Parameters.Contains("status"))
                    command.Parameters.AddWithValue("status", (short)(Status == "AKTIV" ? 0 : 1));
            }
        }
        if (Language is not null)
        {
            sql.Append(" AND language = @language");
            if (!command.Parameters.Contains("language"))
                command.Parameters.AddWithValue("language", Language);
        }
        if (Reserved is { } reserved)
            sql.Append(reserved ? " AND reserved" : " AND NOT reserved");
        if (HasMobile is { } hasMobile)
            sql.Append(hasMobile ? $" AND {hasMobileSql}" : $" AND NOT {hasMobileSql}");
        if (HasEmail is { } hasEmail)
            sql.Append(hasEmail ? $" AND {hasEmailSql}" : $" AND NOT {hasEmailSql}");
        return sql.ToString();
    }
}
