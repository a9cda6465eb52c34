namespace Nvr.Control.Exports;

/// <summary>
/// Segment objects that running exports read: retention must not delete them (counted pins: two exports may read one
/// object). Thread-safe: the export supervisor pins, the index worker asks.
/// </summary>
public sealed class ExportPins
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Storage, string Key), int> _pins = [];

    public void Pin(string storage, string key)
    {
        lock (_lock)
        {
            _pins[(storage, key)] = _pins.GetValueOrDefault((storage, key)) + 1;
        }
    }

    public void Unpin(string storage, string key)
    {
        lock (_lock)
        {
            if (_pins.TryGetValue((storage, key), out var n))
            {
                if (n <= 1) _pins.Remove((storage, key));
                else _pins[(storage, key)] = n - 1;
            }
        }
    }

    public bool IsPinned(string storage, string key)
    {
        lock (_lock)
        {
            return _pins.ContainsKey((storage, key));
        }
    }
}
