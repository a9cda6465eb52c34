using Nvr.Protocol.Schedule;
using Nvr.Scheduling.Faults;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The schedule domain faults and their SOAP 1.2 code and ONVIF subcodes (Schedule Service Specification 18.06, 5.2–5.4
/// fault tables): the only place below the wire that names them is protocol/.
/// </summary>
public sealed class ScheduleFaultMappingTests
{
    [Theory]
    [InlineData(ScheduleFault.InvalidArgument, "Sender", "InvalidArgVal")]
    [InlineData(ScheduleFault.MissingScheduleToken, "Sender", "InvalidArgs/MissingToken")]
    [InlineData(ScheduleFault.MissingGroupToken, "Sender", "InvalidArgVal/MissingToken")]
    [InlineData(ScheduleFault.NotFound, "Sender", "InvalidArgVal/NotFound")]
    [InlineData(ScheduleFault.ReferenceNotFound, "Sender", "InvalidArgVal/ReferenceNotFound")]
    [InlineData(ScheduleFault.ReferenceInUse, "Sender", "InvalidArgVal/ReferenceInUse")]
    [InlineData(ScheduleFault.TooManyItems, "Sender", "InvalidArgs/TooManyItems")]
    [InlineData(ScheduleFault.InvalidStartReference, "Sender", "InvalidArgVal/InvalidStartReference")]
    [InlineData(ScheduleFault.MaxSchedules, "Receiver", "CapabilityViolated/MaxSchedules")]
    [InlineData(ScheduleFault.MaxSpecialDaysSchedules, "Sender", "CapabilityViolated/MaxSpecialDaysSchedules")]
    [InlineData(ScheduleFault.MaxTimePeriodsPerDay, "Sender", "CapabilityViolated/MaxTimePeriodsPerDay")]
    [InlineData(ScheduleFault.MaxSpecialDayGroups, "Receiver", "CapabilityViolated/MaxSpecialDayGroups")]
    [InlineData(ScheduleFault.MaxDaysInSpecialDayGroup, "Sender", "CapabilityViolated/MaxDaysInSpecialDayGroup")]
    [InlineData(ScheduleFault.ClientTokenNotSupported, "Receiver", "CapabilityViolated/ClientSuppliedTokenSupported")]
    public void Every_schedule_fault_has_its_spec_code_and_subcodes(ScheduleFault fault, string code, string subcodes)
    {
        var (actualCode, actualSubcodes) = ScheduleFaultMapping.CodesOf(fault);
        Assert.Equal((code, subcodes), (actualCode, string.Join('/', actualSubcodes)));
    }

    [Fact]
    public void The_table_covers_every_fault() =>
        Assert.All(Enum.GetValues<ScheduleFault>(), f => Assert.NotEmpty(ScheduleFaultMapping.CodesOf(f).Subcodes));
}
