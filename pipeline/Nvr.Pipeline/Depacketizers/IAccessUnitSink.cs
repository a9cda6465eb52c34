using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>Receives completed access units; takes over the unit's reference (must Release it).</summary>
public interface IAccessUnitSink
{
    void OnAccessUnit(AccessUnit unit);
}
