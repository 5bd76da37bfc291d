import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 1.3 — Sorted expansion
///
/// **The situation.** A sharded cache runs one cache process per shard, all in the pg2 group
/// `cache`. Any node that needs key `k` asks `get_members(cache)` and sends the request to the
/// entry at position `hash(k) % count`. That only works if every node holds the *identical* list:
/// if node a's list reads `[p, q]` and node b's reads `[q, p]`, the two nodes send the same key to
/// different shards, and the cache silently splits in two. The table stores counts in a hash map,
/// whose iteration order is anyone's guess — it differs from process to process — so the list
/// must be built in an order every node shares.
///
/// **Your task.** Implement ``expandMembers(_:)`` below: turn a group's counts (`pid → times
/// joined`) into its member list. Edit only this function.
/// - Each pid appears exactly as many times as its count, its copies next to each other.
/// - Pids appear in ascending order of ``Cluster/Pid``'s `<`: by node, then creation (the node's
///   incarnation), then serial — numerically, so serial 9 comes before serial 10.
/// - No counts, no entries: `[:]` expands to `[]`.
/// - Do not call `GroupRows.expand` or `GroupRows.members(of:)`: this *is* that function.
///
/// **Why it matters in pg2.** pg2's table is an ETS `ordered_set`, so when `group_members` matches
/// the `{member, Name, Pid}` rows it visits them in pid order and repeats each pid by its count.
/// That is why `get_members` answers the same on every node that knows the same members. Erlang
/// orders pids by their process number before their node; any order all nodes share will do, and
/// the workbook's is node first.
///
/// **Hints:** `swift run workbook hint 1.3` (two levels).
public func expandMembers(_ counts: [Pid: Int]) throws -> [Pid] {
    // Sort the m distinct pids, not the n ≥ m entries: copies of one pid are equal and need no
    // ordering among themselves, so O(m log m + n) instead of O(n log n).
    var list: [Pid] = []
    list.reserveCapacity(counts.values.reduce(0, +))
    for (pid, count) in counts.sorted(by: { $0.key < $1.key }) {
        list.append(contentsOf: repeatElement(pid, count: count))
    }
    return list
}
