namespace Nvr.Protocol.Discovery;

/// <summary>
/// How the device service tells the WS-Discovery responder that scopes or the discovery mode changed, so that it
/// announces the new metadata (Hello) or its leaving (Bye). <see cref="Announce"/> is null while discovery is off.
/// </summary>
public sealed class DiscoveryChanges
{
    public Func<CancellationToken, Task>? Announce { get; set; }

    public Task ChangedAsync(CancellationToken cancellationToken = default) => Announce?.Invoke(cancellationToken) ?? Task.CompletedTask;
}
