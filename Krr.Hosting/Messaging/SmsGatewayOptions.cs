namespace Krr.Hosting.Messaging;

/// <summary>The HTTP SMS gateway (<c>Krr:SmsGateway</c>); SMS are printed to the console when no URL is set.</summary>
public sealed class SmsGatewayOptions
{
    public const string SectionName = "Krr:SmsGateway";

    public Uri? Url { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
}
