namespace ALOps.S2S.Emulator.World;

/// <summary>The single lock around the world state; every service reads and writes through it.</summary>
public sealed class DirectoryStore
{
    private readonly object _gate = new();
    private WorldState _state;

    public DirectoryStore(TimeProvider clock)
    {
        Clock = clock;
        _state = SeededWorld.Create(clock);
    }

    public TimeProvider Clock { get; }

    public T Run<T>(Func<WorldState, T> operation)
    {
        lock (_gate) return operation(_state);
    }

    public void Run(Action<WorldState> operation)
    {
        lock (_gate) operation(_state);
    }

    /// <summary>Back to the seeded world with default settings.</summary>
    public void Reset()
    {
        var fresh = SeededWorld.Create(Clock);
        lock (_gate) _state = fresh;
    }
}
