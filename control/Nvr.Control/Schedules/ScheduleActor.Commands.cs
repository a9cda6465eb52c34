using Akka.Actor;
using Nvr.Control.Schedules.Messages;

namespace Nvr.Control.Schedules;

/// <summary>The schedule service's commands and queries.</summary>
public sealed partial class ScheduleActor
{
    private void RegisterCommands()
    {
        Command<CreateSchedule>(c => Change(() => _book.DecideCreateSchedule(c.Draft)));
        Command<SetSchedule>(c => Change(() => _book.DecideSetSchedule(c.Schedule)));
        Command<ModifySchedule>(c => Change(() => _book.DecideModifySchedule(c.Schedule)));
        Command<DeleteSchedule>(c => Change(() => _book.DecideDeleteSchedule(c.Token)));
        Command<CreateSpecialDayGroup>(c => Change(() => _book.DecideCreateSpecialDayGroup(c.Draft)));
        Command<SetSpecialDayGroup>(c => Change(() => _book.DecideSetSpecialDayGroup(c.Group)));
        Command<ModifySpecialDayGroup>(c => Change(() => _book.DecideModifySpecialDayGroup(c.Group)));
        Command<DeleteSpecialDayGroup>(c => Change(() => _book.DecideDeleteSpecialDayGroup(c.Token)));

        Command<GetSchedules>(q => Query(() => new SchedulesReply(_book.GetSchedules(q.Tokens))));
        Command<GetScheduleInfo>(q => Query(() => new ScheduleInfoReply(_book.GetScheduleInfo(q.Tokens))));
        Command<GetScheduleList>(q => Query(() => new SchedulePageReply(_book.GetScheduleList(q.Limit, q.StartReference))));
        Command<GetScheduleInfoList>(q => Query(() => new ScheduleInfoPageReply(_book.GetScheduleInfoList(q.Limit, q.StartReference))));
        Command<GetSpecialDayGroups>(q => Query(() => new SpecialDayGroupsReply(_book.GetSpecialDayGroups(q.Tokens))));
        Command<GetSpecialDayGroupInfo>(q => Query(() => new SpecialDayGroupInfoReply(_book.GetSpecialDayGroupInfo(q.Tokens))));
        Command<GetSpecialDayGroupList>(q => Query(() => new SpecialDayGroupPageReply(_book.GetSpecialDayGroupList(q.Limit, q.StartReference))));
        Command<GetSpecialDayGroupInfoList>(q => Query(() => new SpecialDayGroupInfoPageReply(_book.GetSpecialDayGroupInfoList(q.Limit, q.StartReference))));
        Command<GetScheduleState>(q =>
        {
            var state = _book.TryGetSchedule(q.Token, out _) ? _tracker.GetState(q.Token) : null;
            if (state is { } known)
            {
                Sender.Tell(new ScheduleStateReply(known));
            }
            else
            {
                Sender.Tell(new ScheduleRejected(Nvr.Scheduling.Faults.ScheduleFault.NotFound, $"schedule '{q.Token}' does not exist"));
            }
        });
    }
}
