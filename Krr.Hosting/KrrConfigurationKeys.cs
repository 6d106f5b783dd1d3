namespace Krr.Hosting;

/// <summary>
/// Every configuration key the Krr processes read, as in the configuration table of
/// <c>README.md</c> (the contract). Environment variables spell <c>:</c> as <c>__</c>.
/// </summary>
public static class KrrConfigurationKeys
{
    /// <summary>PostgreSQL connection string.</summary>
    public const string ConnectionString = "ConnectionStrings:Krr";

    /// <summary><c>Embedded</c> (co-hosted silo) or <c>Client</c> (Orleans client of a silo cluster).</summary>
    public const string Mode = "Krr:Mode";

    /// <summary>Folder for the private PostgreSQL's data and local keys (embedded shape).</summary>
    public const string DataDirectory = "Krr:DataDirectory";

    /// <summary>Load demo persons and a demo agency at first start (embedded shape).</summary>
    public const string DemoDataEnabled = "Krr:DemoData:Enabled";

    /// <summary>How many generated persons the demo data adds.</summary>
    public const string DemoDataGeneratedPersons = "Krr:DemoData:GeneratedPersons";

    /// <summary>Serve the Tenor-style test data search and test person creation (SPEC §12). Off in Production unless set.</summary>
    public const string TestDataEnabled = "Krr:TestData:Enabled";

    /// <summary>Orleans cluster id.</summary>
    public const string OrleansClusterId = "Orleans:ClusterId";

    /// <summary>Orleans service id; must stay stable.</summary>
    public const string OrleansServiceId = "Orleans:ServiceId";

    /// <summary>Silo-to-silo port.</summary>
    public const string OrleansSiloPort = "Orleans:SiloPort";

    /// <summary>Client gateway port.</summary>
    public const string OrleansGatewayPort = "Orleans:GatewayPort";

    /// <summary>Address other silos and clients use to reach this silo.</summary>
    public const string OrleansAdvertisedIPAddress = "Orleans:AdvertisedIPAddress";

    /// <summary>
    /// Prefix of the indexed list of accepted token issuers: <c>Krr:Auth:Issuers:0:Issuer</c>,
    /// <c>Krr:Auth:Issuers:0:PublicKeyPem</c>, ... Bind the section to an array.
    /// </summary>
    public const string AuthIssuers = "Krr:Auth:Issuers";

    /// <summary>Field names of one item under <see cref="AuthIssuers"/>.</summary>
    public static class AuthIssuerFields
    {
        /// <summary>Accepted token issuer (<c>iss</c>).</summary>
        public const string Issuer = "Issuer";

        /// <summary>The issuer's RSA public key, PEM.</summary>
        public const string PublicKeyPem = "PublicKeyPem";
    }

    /// <summary>Required <c>aud</c>, when set.</summary>
    public const string AuthAudience = "Krr:Auth:Audience";

    /// <summary>Enables the development token issuer. Never on in Production.</summary>
    public const string AuthDevelopmentIssuer = "Krr:Auth:DevelopmentIssuer";

    /// <summary>RSA key that signs <c>application/jose</c> answers.</summary>
    public const string SigningPrivateKeyPem = "Krr:Signing:PrivateKeyPem";

    /// <summary>Lookup requests one consumer organisation may make per window.</summary>
    public const string LookupRateLimitPermits = "Krr:Lookup:RateLimit:PermitLimit";

    /// <summary>Length of the lookup rate limit window, in seconds.</summary>
    public const string LookupRateLimitWindowSeconds = "Krr:Lookup:RateLimit:WindowSeconds";

    /// <summary>How many persons' records and prepared answers one API process keeps for conditional lookups.</summary>
    public const string LookupCachedPersons = "Krr:Lookup:CachedPersons";

    /// <summary>When set, metrics and traces are exported over OTLP.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>SMTP server for e-mail to citizens; e-mail is printed to the console when unset.</summary>
    public const string SmtpHost = "Krr:Smtp:Host";

    /// <summary>SMTP port (465: TLS on connect; otherwise STARTTLS when offered).</summary>
    public const string SmtpPort = "Krr:Smtp:Port";

    /// <summary>SMTP user name; no authentication when unset.</summary>
    public const string SmtpUsername = "Krr:Smtp:Username";

    /// <summary>SMTP password.</summary>
    public const string SmtpPassword = "Krr:Smtp:Password";

    /// <summary>Sender address of e-mail to citizens.</summary>
    public const string SmtpFrom = "Krr:Smtp:From";

    /// <summary>HTTP SMS gateway URL; SMS are printed to the console when unset.</summary>
    public const string SmsGatewayUrl = "Krr:SmsGateway:Url";

    /// <summary>SMS gateway user name (basic authentication).</summary>
    public const string SmsGatewayUsername = "Krr:SmsGateway:Username";

    /// <summary>SMS gateway password.</summary>
    public const string SmsGatewayPassword = "Krr:SmsGateway:Password";

    /// <summary>How long a dispatcher's claim on an outbox message lasts before another may send it.</summary>
    public const string OutboxLockDuration = "Krr:Outbox:LockDuration";

    /// <summary>How often an idle dispatcher looks for due outbox messages.</summary>
    public const string OutboxPollInterval = "Krr:Outbox:PollInterval";

    /// <summary>How many messages a dispatcher claims at a time.</summary>
    public const string OutboxBatchSize = "Krr:Outbox:BatchSize";

    /// <summary>Wait after a message's first failed send; doubles per failure.</summary>
    public const string OutboxFirstBackoff = "Krr:Outbox:FirstBackoff";

    /// <summary>Longest wait between sends of a failing message.</summary>
    public const string OutboxMaxBackoff = "Krr:Outbox:MaxBackoff";

    /// <summary>Largest request body the API accepts, in bytes (Folkeregisteret batches have their own, larger limit).</summary>
    public const string MaxRequestBodyBytes = "Krr:Limits:MaxRequestBodyBytes";

    /// <summary>How long one API request may run before it is answered 503.</summary>
    public const string RequestTimeout = "Krr:Limits:RequestTimeout";

    /// <summary>
    /// Whether the silo's grain storage coalesces concurrent state writes of many grains into one statement and commit
    /// (default <c>true</c>); <c>false</c> writes each through the ADO.NET provider alone.
    /// </summary>
    public const string StorageCoalesceWrites = "Krr:Storage:CoalesceWrites";

    /// <summary>The key of field <paramref name="field"/> of issuer number <paramref name="index"/>.</summary>
    public static string AuthIssuer(int index, string field)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return $"{AuthIssuers}:{index}:{field}";
    }

    /// <summary>
    /// All keys; indexed keys appear as patterns with <c>*</c> for the index
    /// (<c>Krr:Auth:Issuers:*:Issuer</c>). Use <see cref="IsKnown"/> to test a concrete key.
    /// </summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ConnectionString,
        Mode,
        DataDirectory,
        DemoDataEnabled,
        DemoDataGeneratedPersons,
        TestDataEnabled,
        OrleansClusterId,
        OrleansServiceId,
        OrleansSiloPort,
        OrleansGatewayPort,
        OrleansAdvertisedIPAddress,
        $"{AuthIssuers}:*:{AuthIssuerFields.Issuer}",
        $"{AuthIssuers}:*:{AuthIssuerFields.PublicKeyPem}",
        AuthAudience,
        AuthDevelopmentIssuer,
        SigningPrivateKeyPem,
        LookupRateLimitPermits,
        LookupRateLimitWindowSeconds,
        LookupCachedPersons,
        OtlpEndpoint,
        SmtpHost,
        SmtpPort,
        SmtpUsername,
        SmtpPassword,
        SmtpFrom,
        SmsGatewayUrl,
        SmsGatewayUsername,
        SmsGatewayPassword,
        OutboxLockDuration,
        OutboxPollInterval,
        OutboxBatchSize,
        OutboxFirstBackoff,
        OutboxMaxBackoff,
        MaxRequestBodyBytes,
        RequestTimeout,
        StorageCoalesceWrites,
    };

    /// <summary>
    /// Whether <paramref name="key"/> is one of <see cref="All"/>. Case-insensitive like .NET configuration;
    /// accepts <c>__</c> for <c>:</c>, and any non-negative index in place of <c>*</c>.
    /// </summary>
    public static bool IsKnown(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        var normalized = key.Replace("__", ":", StringComparison.Ordinal);
        if (All.Contains(normalized))
        {
            return true;
        }

        var segments = normalized.Split(':');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 0 && segments[i].All(char.IsAsciiDigit))
            {
                segments[i] = "*";
            }
        }

        return All.Contains(string.Join(':', segments));
    }
}
