using System.Xml.Linq;

namespace Nvr.Protocol.Device;

/// <summary>GetSystemDateAndTime: UTC and local time in the appliance's zone, the zone as a POSIX TZ string.</summary>
public static class DeviceClock
{
    public static XElement Response(DateTimeOffset utcNow, string ianaZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ianaZone);
        var local = TimeZoneInfo.ConvertTime(utcNow, zone);
        var tds = DeviceService.Tds;
        var tt = DeviceService.Tt;
        return new XElement(
            tds + "GetSystemDateAndTimeResponse",
            new XElement(
                tds + "SystemDateAndTime",
                new XElement(tt + "DateTimeType", File.Exists("/run/systemd/timesync/synchronized") ? "NTP" : "Manual"),
                new XElement(tt + "DaylightSavings", zone.IsDaylightSavingTime(local)),
                new XElement(tt + "TimeZone", new XElement(tt + "TZ", PosixZone(ianaZone))),
                DateTime(tt, "UTCDateTime", utcNow.UtcDateTime),
                DateTime(tt, "LocalDateTime", local.DateTime)));
    }

    /// <summary>The POSIX TZ rule of an IANA zone: the footer line of its TZif (v2+) file; "UTC0" for UTC.</summary>
    public static string PosixZone(string ianaZone)
    {
        if (ianaZone is "UTC" or "Etc/UTC")
        {
            return "UTC0";
        }

        var file = Path.Combine("/usr/share/zoneinfo", ianaZone);
        if (!File.Exists(file))
        {
            return "UTC0";
        }

        var text = File.ReadAllText(file, System.Text.Encoding.Latin1).TrimEnd('\n');
        var footer = text[(text.LastIndexOf('\n') + 1)..];
        return footer.Length > 0 ? footer : "UTC0";
    }

    private static XElement DateTime(XNamespace tt, string name, System.DateTime value) => new(
        tt + name,
        new XElement(tt + "Time", new XElement(tt + "Hour", value.Hour), new XElement(tt + "Minute", value.Minute), new XElement(tt + "Second", value.Second)),
        new XElement(tt + "Date", new XElement(tt + "Year", value.Year), new XElement(tt + "Month", value.Month), new XElement(tt + "Day", value.Day)));
}
