namespace Krr.Grains;

/// <summary>Writing a grain's state so that a failed write leaves the state as it was.</summary>
public static class StateWrites
{
    /// <summary>
    /// Puts <paramref name="next"/> in place with <paramref name="set"/> and stores it; on failure puts
    /// <paramref name="previous"/> back, so the activation never serves what was not stored.
    /// </summary>
    public static async Task WriteOrRestoreAsync<TState, TValue>(
        this IPersistentState<TState> state, Action<TState, TValue> set, TValue previous, TValue next)
    {
        set(state.State, next);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            set(state.State, previous);
            throw;
        }
    }
}
