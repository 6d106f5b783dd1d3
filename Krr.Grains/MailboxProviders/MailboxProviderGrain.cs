namespace Krr.Grains.MailboxProviders;

/// <summary>
/// Kept alive: lookups read its certificate from <see cref="ActiveProviders"/> and send it no message, and a register
/// has a handful of providers.
/// </summary>
[KeepAlive]
public sealed class MailboxProviderGrain(
    [PersistentState("mailboxProvider", KrrStorage.Name)] IPersistentState<MailboxProviderState> state,
    ActiveProviders activeProviders)
    : Grain, IMailboxProviderGrain
{
    private ActiveProvider? _active;

    private string OrganizationNumber => MailboxProviderKey.OrganizationNumberOf(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _active = activeProviders.Register(OrganizationNumber, state.State.Certificate);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_active is not null)
        {
            activeProviders.Remove(OrganizationNumber, _active);
        }
        return Task.CompletedTask;
    }

    Task<string?> IMailboxProviderGrain.GetCertificateAsync() => Task.FromResult(state.State.Certificate);

    async Task IMailboxProviderGrain.SetCertificateAsync(string certificate)
    {
        if (state.State.Certificate == certificate)
        {
            return;
        }
        await state.WriteOrRestoreAsync((s, value) => s.Certificate = value, state.State.Certificate, certificate);
        // Stored: the silo's lookups see the new certificate from here on, before the caller hears the write returned.
        _active!.Certificate = certificate;
    }
}
