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
        var previous = state.State.Certificate;
        state.State.Certificate = certificate;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Certificate = previous;
            throw;
        }
    }
}
