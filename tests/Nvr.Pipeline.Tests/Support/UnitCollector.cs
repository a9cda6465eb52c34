using Nvr.Pipeline.Depacketizers;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>An access-unit sink for unit tests: copies and releases every unit.</summary>
public sealed class UnitCollector : IAccessUnitSink
{
    public List<CapturedUnit> Units { get; } = [];

    public void OnAccessUnit(AccessUnit unit)
    {
        Units.Add(CapturedUnit.CopyOf(unit));
        unit.Release();
    }
}
