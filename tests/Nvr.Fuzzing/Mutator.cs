namespace Nvr.Fuzzing;

/// <summary>
/// A small deterministic mutator for the CI smoke (afl-fuzz does the real work in long runs): bit flips, byte and
/// "interesting value" overwrites, inserts, deletes, duplications and splices with other corpus entries. The same
/// seed gives the same inputs on every machine.
/// </summary>
public sealed class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x20, 0x40, (byte)'$', (byte)'<', (byte)'>', (byte)'"', (byte)'\n', (byte)':', (byte)'='];
    private readonly Random _random;
    private readonly int _maxBytes;

    public Mutator(int seed, int maxBytes)
    {
        _random = new Random(seed);
        _maxBytes = maxBytes;
    }

    public byte[] Mutate(IReadOnlyList<byte[]> corpus)
    {
        var data = new List<byte>(corpus[_random.Next(corpus.Count)]);
        var operations = 1 + _random.Next(_random.Next(2) == 0 ? 2 : 8);
        for (var i = 0; i < operations; i++)
        {
            Apply(data, corpus);
        }

        if (data.Count > _maxBytes)
        {
            data.RemoveRange(_maxBytes, data.Count - _maxBytes);
        }

        return [.. data];
    }

    private void Apply(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        var at = data.Count == 0 ? 0 : _random.Next(data.Count);
        switch (_random.Next(9))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = (byte)_random.Next(256);
                break;
            case 2 when data.Count > 0:
                data[at] = Interesting[_random.Next(Interesting.Length)];
                break;
            case 3 when data.Count > 1:
                // a 16-bit big-endian value (lengths, sequence numbers)
                var value = _random.Next(4) switch { 0 => 0, 1 => 0xFFFF, 2 => _random.Next(64), _ => _random.Next(65536) };
                data[at] = (byte)(value >> 8);
                if (at + 1 < data.Count)
                {
                    data[at + 1] = (byte)value;
                }

                break;
            case 4:
                var inserted = new byte[1 + _random.Next(16)];
                _random.NextBytes(inserted);
                data.InsertRange(at, inserted);
                break;
            case 5 when data.Count > 0:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(32)));
                break;
            case 6 when data.Count > 0:
                var length = Math.Min(data.Count - at, 1 + _random.Next(64));
                data.InsertRange(_random.Next(data.Count), data.GetRange(at, length));
                break;
            case 7:
                var other = corpus[_random.Next(corpus.Count)];
                if (other.Length > 0)
                {
                    var from = _random.Next(other.Length);
                    data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + _random.Next(256))).ToArray());
                }

                break;
            case 8 when data.Count > 0:
                data.RemoveRange(at, data.Count - at); // truncation
                break;
        }
    }
}
