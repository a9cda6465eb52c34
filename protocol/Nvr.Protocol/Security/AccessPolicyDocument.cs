using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Nvr.Control.Device;

namespace Nvr.Protocol.Security;

/// <summary>
/// The access policy file format of GetAccessPolicy/SetAccessPolicy (docs/access-policy.md): an XML document
/// <c>&lt;AccessPolicy xmlns="urn:onvif-nvr:access-policy:1"&gt;</c> with one <c>&lt;Class Name="READ_MEDIA"
/// Levels="Administrator Operator User"/&gt;</c> per Core access class. Every class appears exactly once, Administrator
/// is granted every class and PRE_AUTH is granted to all four levels (Core: it needs no authentication); Anonymous may
/// be granted further classes. Anything else is not this format (<see cref="FormatException"/>, answered
/// ter:PolicyFormat). A stored file is parsed once and its policy remembered.
/// </summary>
public static class AccessPolicyDocument
{
    public const string Namespace = "urn:onvif-nvr:access-policy:1";
    public const string ContentType = "application/xml";
    public const int MaxBytes = 64 * 1024;

    private static readonly XNamespace Ns = Namespace;
    private static readonly ConditionalWeakTable<byte[], AccessPolicy> Parsed = new();

    /// <summary>The Core name of each access class, as the file spells it.</summary>
    public static IReadOnlyDictionary<AccessClass, string> ClassNames { get; } = new Dictionary<AccessClass, string>
    {
        [AccessClass.PreAuth] = "PRE_AUTH",
        [AccessClass.ReadSystem] = "READ_SYSTEM",
        [AccessClass.ReadSystemSensitive] = "READ_SYSTEM_SENSITIVE",
        [AccessClass.ReadSystemSecret] = "READ_SYSTEM_SECRET",
        [AccessClass.WriteSystem] = "WRITE_SYSTEM",
        [AccessClass.Unrecoverable] = "UNRECOVERABLE",
        [AccessClass.ReadMedia] = "READ_MEDIA",
        [AccessClass.Actuate] = "ACTUATE",
    };

    private static readonly UserLevel?[] LevelOrder = [UserLevel.Administrator, UserLevel.Operator, UserLevel.User, null];

    /// <summary>The file of Core's default access policy (what GetAccessPolicy answers until SetAccessPolicy).</summary>
    public static byte[] DefaultDocument { get; } = Render(AccessPolicy.Default);

    /// <summary>The policy the settings hold: the stored file's, or Core's default.</summary>
    public static AccessPolicy Of(DeviceSettings settings) =>
        settings.AccessPolicyDocument is { } document ? Parsed.GetValue(document, Parse) : AccessPolicy.Default;

    /// <summary>The file of <paramref name="policy"/>, UTF-8 without BOM.</summary>
    public static byte[] Render(AccessPolicy policy)
    {
        var root = new XElement(Ns + "AccessPolicy", ClassNames.Select(c => new XElement(
            Ns + "Class",
            new XAttribute("Name", c.Value),
            new XAttribute("Levels", string.Join(' ', LevelOrder.Where(l => policy.Permits(l, c.Key)).Select(LevelName))))));
        var text = new XDeclaration("1.0", "utf-8", null) + Environment.NewLine + root.ToString(SaveOptions.None) + Environment.NewLine;
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>The policy of a file in this format.</summary>
    /// <exception cref="FormatException">The file is not in this format, or breaks one of its rules.</exception>
    public static AccessPolicy Parse(byte[] document)
    {
        if (document.Length == 0 || document.Length > MaxBytes)
        {
            throw new FormatException($"the policy file must hold 1 to {MaxBytes} bytes");
        }

        XElement root;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true };
            using var reader = XmlReader.Create(new MemoryStream(document), settings);
            root = XDocument.Load(reader).Root ?? throw new FormatException("the policy file has no root element");
        }
        catch (Exception e) when (e is XmlException or ArgumentException) // ArgumentException: System.Xml on some broken encodings (fuzz finding)
        {
            throw new FormatException($"the policy file is not XML: {e.Message}");
        }

        if (root.Name != Ns + "AccessPolicy")
        {
            throw new FormatException($"the root element is {root.Name}, not {{{Namespace}}}AccessPolicy");
        }

        if (root.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value)))
        {
            throw new FormatException("the policy holds text outside its Class elements");
        }

        var grants = new Dictionary<AccessClass, IReadOnlySet<UserLevel?>>();
        foreach (var element in root.Elements())
        {
            if (element.Name != Ns + "Class")
            {
                throw new FormatException($"unknown element {element.Name.LocalName} in the policy");
            }

            var name = element.Attribute("Name")?.Value;
            var access = ClassNames.FirstOrDefault(c => c.Value == name);
            if (name is null || access.Value is null)
            {
                throw new FormatException($"'{name}' is not a Core access class");
            }

            if (element.Attribute("Levels") is not { } levels)
            {
                throw new FormatException($"{name} has no Levels");
            }

            if (!grants.TryAdd(access.Key, new HashSet<UserLevel?>(levels.Value.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(Level))))
            {
                throw new FormatException($"{name} appears twice");
            }
        }

        var missing = ClassNames.Where(c => !grants.ContainsKey(c.Key)).Select(c => c.Value).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"the policy does not name {string.Join(", ", missing)}");
        }

        if (grants.FirstOrDefault(g => !g.Value.Contains(UserLevel.Administrator)) is { Value: not null } withoutAdministrator)
        {
            throw new FormatException($"{ClassNames[withoutAdministrator.Key]} must be granted to Administrator");
        }

        return grants[AccessClass.PreAuth].Count == LevelOrder.Length
            ? new AccessPolicy(grants)
            : throw new FormatException("PRE_AUTH must be granted to Administrator, Operator, User and Anonymous");
    }

    private static UserLevel? Level(string name) => name switch
    {
        "Administrator" => UserLevel.Administrator,
        "Operator" => UserLevel.Operator,
        "User" => UserLevel.User,
        "Anonymous" => null,
        _ => throw new FormatException($"'{name}' is not a user level (Administrator, Operator, User, Anonymous)"),
    };

    private static string LevelName(UserLevel? level) => level?.ToString() ?? "Anonymous";
}
