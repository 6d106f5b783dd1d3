namespace Krr.Grains.MailboxProviders;

/// <summary>
/// One mailbox provider activation's entry in <see cref="ActiveProviders"/>: the certificate it last stored (null: none
/// registered). Only that activation writes it, after the store and before its write returns.
/// </summary>
public sealed class ActiveProvider(string? certificate)
{
    private volatile string? _certificate = certificate;

    public string? Certificate
    {
        get => _certificate;
        internal set => _certificate = value;
    }
}
