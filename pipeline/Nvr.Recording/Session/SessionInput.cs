using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>
/// An access unit from source <see cref="Source"/>; or the end of that source (<see cref="SourceEnded"/>, with its
/// error if it failed), delivered in order after its last unit; or a wake-up (neither) for pending commands.
/// </summary>
internal readonly record struct SessionInput(AccessUnit? Unit, int Source, bool SourceEnded = false, Exception? Error = null);
