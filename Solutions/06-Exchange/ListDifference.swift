import Cluster
import WorkbookSupport

/// ## Exercise 6.1 — List difference
///
/// **The situation.** Two replicas of a chat room's presence list meet again after a network
/// split. One says alice has the room open in two tabs and bob in one; the other says alice in
/// one tab. To catch up, the second must learn what it is *missing* — one more alice — and
/// nothing else: not bob twice, not alice three times. "What the other side has that I don't",
/// counted entry by entry, is a list difference with multiplicity.
///
/// **Your task.** Implement ``subtract(_:from:)`` below: `remote` minus `local`, as Erlang's
/// `--` computes it. Edit only this function.
/// - Each element of `local` cancels *one* equal element of `remote` — the first one not yet
///   cancelled. `subtract([p], from: [p, p, q]) == [p, q]`.
/// - Elements of `local` with nothing left to cancel in `remote` are ignored:
///   `subtract([p, p, r], from: [p]) == []`.
/// - The remote elements that remain keep their order: `subtract([p], from: [r, p, q, p]) ==
///   [r, q, p]`.
/// - Aim for better than O(r × l): a dictionary of counts makes it O(r + l).
///
/// **Why it matters in pg2.** pg2's `store` — the merge of a peer's table on `nodeup` and on
/// `new_pg2` — joins, per group, exactly the pids of `Members -- group_members(Name)`: the peer's
/// member list minus this node's *whole* member list of the group, every pid it knows there
/// wherever that pid lives (not only chapter 1's "local members", the ones living on this node).
/// Multiplicity is what makes a pid's count end up as max(ours, theirs): each entry on our side
/// cancels one entry on the peer's side, so only the surplus is joined. Get it wrong and counts
/// drift: a set difference never raises a count, and a plain filter adds every copy again on each
/// reconnect.
///
/// **Hints:** `swift run workbook hint 6.1` (two levels).
public func subtract(_ local: [Pid], from remote: [Pid]) throws -> [Pid] {
    // Count what is still to be cancelled, then walk `remote` once: the first copies of a pid
    // are the ones cancelled, as Erlang's `--` removes first occurrences, and the order is kept.
    var toCancel: [Pid: Int] = [:]
    for pid in local { toCancel[pid, default: 0] += 1 }
    var rest: [Pid] = []
    for pid in remote {
        if let left = toCancel[pid], left > 0 {
            toCancel[pid] = left - 1
        } else {
            rest.append(pid)
        }
    }
    return rest
}
