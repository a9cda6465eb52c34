namespace Nvr.Scheduling.Book;

/// <summary>One page of a Get*List answer; <see cref="NextStartReference"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextStartReference);
