namespace Krr.Grains.MailboxProviders;

/// <summary>Stored state of <see cref="MailboxProviderGrain"/>, state name <c>mailboxProvider</c>.</summary>
[GenerateSerializer, Alias("krr.MailboxProviderState")]
public sealed class MailboxProviderState
{
    [Id(0)] public string? Certificate { get; set; }
}
