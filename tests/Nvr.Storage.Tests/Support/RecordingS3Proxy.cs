using System.Collections.Concurrent;
using System.Reflection;
using Amazon.S3;

namespace Nvr.Storage.Tests.Support;

/// <summary>Forwards every <see cref="IAmazonS3"/> call to a real client and records the operation names.</summary>
public class RecordingS3Proxy : DispatchProxy
{
    private IAmazonS3 _target = null!;

    public ConcurrentQueue<string> Calls { get; } = new();

    public static (IAmazonS3 Client, RecordingS3Proxy Recorder) Wrap(IAmazonS3 target)
    {
        var client = Create<IAmazonS3, RecordingS3Proxy>();
        var recorder = (RecordingS3Proxy)(object)client;
        recorder._target = target;
        return (client, recorder);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.Enqueue(targetMethod.Name);
        try
        {
            return targetMethod.Invoke(_target, args);
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            throw wrapped.InnerException;
        }
    }
}
