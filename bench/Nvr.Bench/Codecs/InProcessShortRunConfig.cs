using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Nvr.Bench.Codecs;

/// <summary>
/// BenchmarkDotNet's ShortRun job (3 warm-ups, 3 iterations, 1 launch) executed in-process: on the shared 2-core
/// machine the out-of-process boilerplate build exceeds BenchmarkDotNet's 120 s build timeout.
/// </summary>
public sealed class InProcessShortRunConfig : ManualConfig
{
    public InProcessShortRunConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
}
