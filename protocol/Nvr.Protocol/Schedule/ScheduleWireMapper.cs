using System.Globalization;
using Nvr.Protocol.Soap;
using Model = Nvr.Scheduling.Model;
using Wire = Nvr.Protocol.Schedule.Schema;

namespace Nvr.Protocol.Schedule;

/// <summary>Converts schedule service wire types to and from the scheduling model.</summary>
public static class ScheduleWireMapper
{
    private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm:ss.FFFFFFF", "HH:mm"];

    public static Model.Schedule ToModel(Wire.Schedule? wire)
    {
        if (wire is null)
        {
            throw OnvifFaults.InvalidArgs("Schedule is missing");
        }

        return new Model.Schedule(
            wire.Token ?? string.Empty,
            wire.Name ?? string.Empty,
            wire.Description,
            wire.Standard ?? string.Empty,
            wire.SpecialDays.Select(s => new Model.SpecialDaysSchedule(
                s.GroupToken ?? string.Empty,
                s.TimeRange.Select(t => new Model.TimePeriod(Time(t.From, "From"), t.Until is null ? null : Time(t.Until, "Until"))).ToList())).ToList());
    }

    public static Model.SpecialDayGroup ToModel(Wire.SpecialDayGroup? wire) =>
        wire is null
            ? throw OnvifFaults.InvalidArgs("SpecialDayGroup is missing")
            : new Model.SpecialDayGroup(wire.Token ?? string.Empty, wire.Name ?? string.Empty, wire.Description, wire.Days);

    public static Wire.Schedule ToWire(Model.Schedule model) => new()
    {
        Token = model.Token,
        Name = model.Name,
        Description = model.Description,
        Standard = model.Standard,
        SpecialDays = model.SpecialDays.Select(s => new Wire.SpecialDaysSchedule
        {
            GroupToken = s.GroupToken,
            TimeRange = s.TimeRange.Select(t => new Wire.TimePeriod
            {
                From = Text(t.From),
                Until = t.Until is { } until ? Text(until) : null,
            }).ToList(),
        }).ToList(),
    };

    public static Wire.ScheduleInfo ToWire(Model.ScheduleInfo model) =>
        new() { Token = model.Token, Name = model.Name, Description = model.Description };

    public static Wire.SpecialDayGroup ToWire(Model.SpecialDayGroup model) =>
        new() { Token = model.Token, Name = model.Name, Description = model.Description, Days = model.Days };

    public static Wire.SpecialDayGroupInfo ToWire(Model.SpecialDayGroupInfo model) =>
        new() { Token = model.Token, Name = model.Name, Description = model.Description };

    public static int? Limit(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit)
            ? limit
            : throw OnvifFaults.InvalidArgs($"Limit '{text}' is not an xs:int");
    }

    private static TimeOnly Time(string? text, string field)
    {
        var trimmed = (text ?? string.Empty).Trim().TrimEnd('Z');
        return TimeOnly.TryParseExact(trimmed, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new OnvifFaultException("Sender", ["InvalidArgVal"], $"TimePeriod {field} '{text}' is not an xs:time (hh:mm:ss)");
    }

    private static string Text(TimeOnly time) => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
