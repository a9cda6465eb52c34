using Nvr.Control.Recordings.Messages;

namespace Nvr.Control.Recordings;

/// <summary>A command to the recording control actor was refused (nothing changed); <see cref="Rejection"/> says why.</summary>
public sealed class CommandRejectedException : Exception
{
    public CommandRejectedException(CommandRejected rejection)
        : base(rejection.Reason) => Rejection = rejection;

    public CommandRejected Rejection { get; }
}
