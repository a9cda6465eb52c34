using Akka.Actor;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Tells the recording control actor where the schedule actor is (it sends it the schedule tokens in use).</summary>
public sealed record AttachScheduleService(IActorRef Schedules);
