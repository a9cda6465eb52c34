using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>An access unit from source <see cref="Source"/>, or a wake-up (no unit) for pending commands.</summary>
internal readonly record struct SessionInput(AccessUnit? Unit, int Source);
