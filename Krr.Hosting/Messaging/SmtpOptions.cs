namespace Krr.Hosting.Messaging;

/// <summary>The SMTP server e-mail goes out through (<c>Krr:Smtp</c>); e-mail is printed to the console when no host is set.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Krr:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "ikkje-svar@kontaktregisteret.no";
}
