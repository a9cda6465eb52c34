using Akka.Actor;
using Nvr.Control.Persistence;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;

namespace Nvr.Control.Tests;

/// <summary>A TestKit whose actor system persists to a fresh SQLite file (deleted afterwards).</summary>
public abstract class SqliteTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected SqliteTestKit()
        : this(ControlFixtures.TempDatabase())
    {
    }

    private SqliteTestKit(string database)
        : base(ControlSystemConfig.Build(PersistenceOptions.Sqlite(database)))
    {
        Database = database;
    }

    protected string Database { get; }

    protected IActorRef StartControl(ControlLimits? limits = null) =>
        Sys.ActorOf(RecordingControlActor.Props(limits ?? ControlLimits.Default, TimeProvider.System));

    protected T Ask<T>(IActorRef actor, object command)
    {
        actor.Tell(command, TestActor);
        var reply = ExpectMsg<object>(TimeSpan.FromSeconds(15));
        return reply is T typed ? typed : throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {reply}");
    }

    protected CommandRejected Rejected(IActorRef actor, object command) => Ask<CommandRejected>(actor, command);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var file in new[] { Database, Database + "-wal", Database + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // best effort: the file lives in the temp directory
            }
        }
    }
}
