using Krr.Api.Auth;
using Krr.Grains.Delegation;

namespace Krr.Api.Delegation;

/// <summary>
/// Decides which blocks a caller's lookup opens. An agency gets what its scopes open; a supplier gets only what
/// both its token and the consumer's active grant open. One in-memory grain call per supplier request: the
/// consumer's grain is the single copy of its grants, so a revocation is seen by the very next request.
/// </summary>
public sealed class DelegationCheck(IGrainFactory grains)
{
    /// <summary>The blocks (contact, mailbox) the caller may see, or null when a supplier holds no active grant that covers its token.</summary>
    public async Task<(bool Contact, bool Mailbox)?> BlocksAsync(AgencyCaller caller)
    {
        if (!caller.IsSupplier)
        {
            return (caller.CanReadContact, caller.CanReadMailbox);
        }
        var granted = await grains.GetDelegationsGiven(caller.ConsumerOrg).GrantedScopesAsync(caller.SupplierOrg!);
        var contact = caller.CanReadContact && granted.Contains(KrrScopes.DelegatedContactRead);
        var mailbox = caller.CanReadMailbox && granted.Contains(KrrScopes.DelegatedMailboxRead);
        return contact || mailbox ? (contact, mailbox) : null;
    }
}
