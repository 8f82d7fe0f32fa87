using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// The frames of a <see cref="MediaFragment"/>, in stream order, without a copy: each frame's
/// <see cref="MkvFrame.Payload"/> is a slice of the reader's input, and each read checks that the
/// reader has not moved past the fragment yet (it throws when it has). Copy a payload
/// (<see cref="MkvFrame.ToArray"/>, <see cref="MediaFragment.Detach"/>) to keep it longer.
/// </summary>
public readonly struct MediaFrameList : IReadOnlyList<MkvFrame>
{
    private readonly MediaFragment? _fragment;

    internal MediaFrameList(MediaFragment fragment) => _fragment = fragment;

    /// <summary>How many frames the fragment has.</summary>
    public int Count => _fragment?.FrameCount ?? 0;

    /// <summary>The frame at <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The reader has moved on to a later fragment.</exception>
    public MkvFrame this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                ThrowIndex(index);
            }

            ref readonly var slot = ref _fragment!.Slot(index);
            return new MkvFrame(slot.TrackNumber, slot.Timecode, _fragment.TimecodeScale, slot.IsKeyFrame, slot.Payload);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIndex(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, "The index is not that of a frame of the fragment.");

    /// <summary>Enumerates the frames without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<MkvFrame> IEnumerable<MkvFrame>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks a <see cref="MediaFrameList"/>.</summary>
    public struct Enumerator : IEnumerator<MkvFrame>
    {
        private readonly MediaFrameList _list;
        private int _index;

        internal Enumerator(MediaFrameList list)
        {
            _list = list;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly MkvFrame Current => _list[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _list.Count;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
