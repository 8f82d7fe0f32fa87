using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.Runtime;

namespace KinesisVideo.Client.ArchivedMedia.Download;

/// <summary>
/// Which listed fragments a download fetches, in which order: by producer timestamp (ListFragments
/// pages come in no promised order), and one fragment per producer timestamp, because a producer
/// that resends after a dropped connection stores the same fragment twice under two numbers; as
/// HLS and GetClip do, the first one stored (the lower number) is kept.
/// </summary>
internal static class FragmentPlan
{
    public static (List<Fragment> Fragments, int Duplicates) Order(IEnumerable<Fragment> listed)
    {
        var ordered = listed
            .Where(f => f.FragmentNumber is not null)
            .OrderBy(f => f.ProducerTimestamp ?? DateTimeOffset.MinValue)
            .ThenBy(f => f.FragmentNumber, FragmentNumberComparer.Instance)
            .ToList();
        var kept = new List<Fragment>(ordered.Count);
        foreach (var fragment in ordered)
        {
            if (kept.Count > 0 && (kept[^1].FragmentNumber == fragment.FragmentNumber
                || (fragment.ProducerTimestamp is not null && kept[^1].ProducerTimestamp == fragment.ProducerTimestamp)))
            {
                continue;
            }

            kept.Add(fragment);
        }

        return (kept, ordered.Count - kept.Count);
    }
}
