using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Tests.Support;

/// <summary>Keeps every log entry, at every level, with its exception written out in full.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    public ConcurrentQueue<string> Entries { get; } = new();

    /// <summary>The event id of every entry, in order.</summary>
    public ConcurrentQueue<int> EventIds { get; } = new();

    /// <summary>How many entries had the event id <paramref name="eventId"/>.</summary>
    public int Count(int eventId) => EventIds.Count(id => id == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Entries.Enqueue($"{logLevel} {eventId.Id} {category} {formatter(state, exception)} {exception}");
            owner.EventIds.Enqueue(eventId.Id);
        }
    }
}
