import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 3.4 — The least loaded member
///
/// **The situation.** A video service transcodes uploads on worker processes, all in the pg2 group
/// `transcoders`; a worker with two GPUs joins the group twice. `get_closest_pid` picks a worker
/// at random — fine on average, but uploads differ in size, and a random pick sends the next job
/// to a busy worker while an idle one waits. The service knows each worker's queue length; it
/// wants the closest worker *with the least work per slot*.
///
/// **Your task.** Write ``leastLoadedMember(of:in:load:using:)`` below: pick a member of `name`
/// from `table`. Edit only this function; read the table, never write it.
/// - The candidates are chosen as `get_closest_pid` chooses them (rule 8 of
///   Chapters/PG2Rules.md): the local entries if there is any, else all entries. An unknown group
///   throws ``LocalTable/PG2Error/noSuchGroup(_:)``; no members, ``LocalTable/PG2Error/noProcess(_:)``.
/// - A candidate joined k times has k slots. Pick a candidate with the least `load(pid) / k` —
///   exactly, without rounding: 3 jobs on 2 slots (1.5 each) is less than 2 jobs on 1 slot.
/// - Among equally loaded candidates, pick one at random, drawing from `random` — so that many
///   callers that read the same loads do not all send their jobs to the same worker.
/// - Asking a load costs a message: call `load` at most once per distinct candidate, and never for
///   a pid that is not a candidate (a remote worker, when a local one exists).
///
/// **Why it matters in pg2.** pg2's `get_closest_pid` knows only the table: locality and counts.
/// It reads `get_local_members`, then `get_members` only if that is empty, and `random_element`
/// picks by position in the list, which makes a count a weight. This extension keeps its
/// preference for local members and its use of counts, and replaces the blind draw with a look at
/// the load — keeping a random draw only where it still helps: to break ties.
///
/// **Hints:** `swift run workbook hint 3.4` (three levels).
public func leastLoadedMember(
    of name: GroupName, in table: GroupTable, load: (Pid) -> Int,
    using random: inout some RandomNumberGenerator
) throws -> Pid {
    // The candidates as get_closest_pid finds them. Their list is sorted with copies adjacent, so
    // one walk gives each distinct pid with its slots; each is asked its load once. Loads per slot
    // are compared by cross-multiplying (a/k < b/j ⇔ a·j < b·k), which never rounds.
    var entries = try table.localMembers(of: name)
    if entries.isEmpty { entries = try table.members(of: name) }
    guard !entries.isEmpty else { throw PG2Error.noProcess(name) }
    var best: [Pid] = []
    var bestLoad = 0, bestSlots = 1
    var start = entries.startIndex
    while start < entries.endIndex {
        let pid = entries[start]
        var end = start + 1
        while end < entries.endIndex, entries[end] == pid { end += 1 }
        let (work, slots) = (load(pid), end - start)
        if best.isEmpty || work * bestSlots < bestLoad * slots {
            (best, bestLoad, bestSlots) = ([pid], work, slots)
        } else if work * bestSlots == bestLoad * slots {
            best.append(pid)
        }
        start = end
    }
    return best.randomElement(using: &random)!
}
