using System.Diagnostics.CodeAnalysis;

namespace Nvr.Pipeline;

/// <summary>Throw helpers kept out of hot methods so those stay small and inlinable.</summary>
internal static class PipelineThrow
{
    [DoesNotReturn]
    public static void ObjectDisposed(string name) => throw new ObjectDisposedException(name, "released more often than referenced");

    [DoesNotReturn]
    public static void ArgumentOutOfRange(string name) => throw new ArgumentOutOfRangeException(name);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);
}
