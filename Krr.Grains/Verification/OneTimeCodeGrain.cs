using Krr.Grains.Domain;
using Krr.Grains.Messaging;
using Krr.Grains.Persons;
using Microsoft.Extensions.Logging;

namespace Krr.Grains.Verification;

/// <summary>
/// Issues and checks one-time codes for one person's channel. The state is stored before the message is
/// enqueued, so a code that reaches the citizen is always one the grain knows; a failed enqueue costs the
/// citizen a resend, never a code that cannot work.
/// </summary>
public sealed partial class OneTimeCodeGrain(
    [PersistentState("oneTimeCode", KrrStorage.Name)] IPersistentState<OneTimeCodeState> state,
    IOutbox outbox,
    RegisterClock clock,
    ILogger<OneTimeCodeGrain> logger)
    : Grain, IOneTimeCodeGrain
{
    async Task<SendCodeResult> IOneTimeCodeGrain.SendAsync()
    {
        var (identifier, channel) = OneTimeCodeKey.Parse(this.GetPrimaryKeyString());
        var person = await GrainFactory.GetPerson(identifier).GetAsync();
        var value = person is { Status: PersonStatus.Active } ? person.Channel(channel) : null;
        if (value is null)
        {
            return new SendCodeResult(SendCodeOutcome.NoValue);
        }
        var now = clock.UtcNow;
        var recent = OneTimeCodes.InWindow(state.State.RecentSends, now);
        if (OneTimeCodes.NextSendAllowed(recent) is { } retryAfter)
        {
            return new SendCodeResult(SendCodeOutcome.TooManySends, retryAfter);
        }

        var code = OneTimeCodes.Generate();
        var salt = OneTimeCodes.NewSalt();
        recent.Add(now);
        state.State = new OneTimeCodeState
        {
            Normalized = value.Normalized,
            Salt = salt,
            Hash = OneTimeCodes.Hash(code, salt),
            ExpiresAt = now + OneTimeCodes.Lifetime,
            RecentSends = recent,
            SendCount = state.State.SendCount + 1,
        };
        await state.WriteStateAsync();

        await outbox.EnqueueAsync(Message(this.GetPrimaryKeyString(), state.State.SendCount, channel, value.Value, code));
        LogSent(logger, channel, PersonalDataMask.Scrub(identifier));
        return new SendCodeResult(SendCodeOutcome.Sent);
    }

    async Task<VerifyCodeResult> IOneTimeCodeGrain.VerifyAsync(string code)
    {
        var (identifier, channel) = OneTimeCodeKey.Parse(this.GetPrimaryKeyString());
        var current = state.State;
        if (current.Normalized is null || current.Salt is null || current.Hash is null)
        {
            return new VerifyCodeResult(VerifyCodeOutcome.NoCode);
        }
        if (current.FailedAttempts >= OneTimeCodes.MaxAttempts)
        {
            return new VerifyCodeResult(VerifyCodeOutcome.Locked);
        }
        if (clock.UtcNow >= current.ExpiresAt)
        {
            return new VerifyCodeResult(VerifyCodeOutcome.Expired);
        }
        if (!OneTimeCodes.Matches(code, current.Salt, current.Hash))
        {
            current.FailedAttempts++;
            await state.WriteStateAsync();
            var left = OneTimeCodes.MaxAttempts - current.FailedAttempts;
            return new VerifyCodeResult(left == 0 ? VerifyCodeOutcome.Locked : VerifyCodeOutcome.Wrong, left);
        }

        // MarkValidated changes nothing when the value is no longer the one the code was sent to.
        var person = await GrainFactory.GetPerson(identifier).MarkValidatedAsync(channel, current.Normalized);
        var validated = person?.Channel(channel) is { } now && now.Normalized == current.Normalized;
        // A used code is spent either way; the send history stays so the rate limit still counts it.
        state.State = new OneTimeCodeState { RecentSends = current.RecentSends, SendCount = current.SendCount };
        await state.WriteStateAsync();
        return new VerifyCodeResult(validated ? VerifyCodeOutcome.Valid : VerifyCodeOutcome.NoCode);
    }

    private static OutboxMessage Message(string key, long sendNumber, ContactChannel channel, string recipient, string code)
    {
        var text = $"Koden din for Kontakt- og reservasjonsregisteret er {code}. Den gjeld i {OneTimeCodes.Lifetime.TotalMinutes:0} minutt. "
            + $"Your code for the contact register is {code}.";
        return channel == ContactChannel.Mobile
            ? new OutboxMessage($"{key}:{sendNumber}", MessageChannel.Sms, recipient, null, text)
            : new OutboxMessage($"{key}:{sendNumber}", MessageChannel.Email, recipient, "Verifikasjonskode / verification code", text);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "One-time code for {Channel} of {Person} enqueued")]
    private static partial void LogSent(ILogger logger, ContactChannel channel, string person);
}
