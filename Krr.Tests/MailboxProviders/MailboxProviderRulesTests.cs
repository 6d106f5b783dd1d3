using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;

namespace Krr.Tests.MailboxProviders;

public sealed class MailboxProviderRulesTests
{
    private const string Digipost = "984661185";
    private const string EBoks = "922020175";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PersonRecord Active = PersonChanges.New("17912099997", T0);
    private static readonly PersonRecord Deleted = Active with { Status = PersonStatus.Deleted };
    private static readonly PersonRecord Reserved = Active with { Reserved = true };
    private static readonly PersonRecord WithDigipost = Active with { Mailbox = new DigitalMailboxRecord("kjell#digipost", Digipost) };

    public static TheoryData<string, MailboxProviderError> MayChooseCases => new()
    {
        { "unknown", MailboxProviderError.UserNotFound },
        { "deleted", MailboxProviderError.UserNotFound },
        { "reserved", MailboxProviderError.Reserved },
        { "digipost", MailboxProviderError.AlreadyActive },
        { "active", MailboxProviderError.None },
    };

    [Theory]
    [MemberData(nameof(MayChooseCases))]
    public void May_choose_only_a_registered_unreserved_person_without_a_mailbox(string person, MailboxProviderError expected) =>
        Assert.Equal(expected, MailboxProviderRules.MayChoose(Person(person)));

    public static TheoryData<string, MailboxOperation, string, MailboxProviderError, string?> ApplyCases => new()
    {
        { "unknown", MailboxOperation.Create, Digipost, MailboxProviderError.UserNotFound, null },
        { "reserved", MailboxOperation.Create, Digipost, MailboxProviderError.Reserved, null },
        { "digipost", MailboxOperation.Create, EBoks, MailboxProviderError.AlreadyActive, null },
        { "digipost", MailboxOperation.Create, Digipost, MailboxProviderError.AlreadyActive, null },
        { "active", MailboxOperation.Create, Digipost, MailboxProviderError.None, "ny#digipost" },
        { "unknown", MailboxOperation.Update, Digipost, MailboxProviderError.UserNotFound, null },
        { "deleted", MailboxOperation.Remove, Digipost, MailboxProviderError.UserNotFound, null },
        { "active", MailboxOperation.Update, Digipost, MailboxProviderError.NoMailbox, null },
        { "digipost", MailboxOperation.Update, EBoks, MailboxProviderError.NoMailbox, null },
        { "digipost", MailboxOperation.Remove, EBoks, MailboxProviderError.NoMailbox, null },
        { "digipost", MailboxOperation.Update, Digipost, MailboxProviderError.None, "ny#digipost" },
        { "digipost", MailboxOperation.Remove, Digipost, MailboxProviderError.None, null },
    };

    [Theory]
    [MemberData(nameof(ApplyCases))]
    public void A_provider_changes_only_its_own_mailbox(string person, MailboxOperation operation, string provider, MailboxProviderError error, string? address)
    {
        var (actual, mailbox) = MailboxProviderRules.Apply(Person(person), operation, provider, "ny#digipost");

        Assert.Equal(error, actual);
        Assert.Equal(address, mailbox?.Address);
        if (mailbox is not null)
        {
            Assert.Equal(provider, mailbox.ProviderOrg);
        }
    }

    private static PersonRecord? Person(string name) => name switch
    {
        "unknown" => null,
        "deleted" => Deleted,
        "reserved" => Reserved,
        "digipost" => WithDigipost,
        _ => Active,
    };
}
