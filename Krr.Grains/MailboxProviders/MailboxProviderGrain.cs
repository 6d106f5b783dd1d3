namespace Krr.Grains.MailboxProviders;

public sealed class MailboxProviderGrain(
    [PersistentState("mailboxProvider", KrrStorage.Name)] IPersistentState<MailboxProviderState> state)
    : Grain, IMailboxProviderGrain
{
    Task<string?> IMailboxProviderGrain.GetCertificateAsync() => Task.FromResult(state.State.Certificate);

    async Task IMailboxProviderGrain.SetCertificateAsync(string certificate)
    {
        if (state.State.Certificate == certificate)
        {
            return;
        }
        await state.WriteOrRestoreAsync((s, value) => s.Certificate = value, state.State.Certificate, certificate);
    }
}
