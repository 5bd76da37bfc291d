import Cluster
import LocalTable
import SingleNodeServer
import WorkbookSupport

/// ## Exercise 3.1 — The closest member
///
/// **The situation.** A multiplayer game runs one matchmaker process per node, all in the pg2
/// group `matchmakers`. A player's connection asks for "a matchmaker" on every login. One on the
/// player's own node answers without a network hop; one across the data centre costs a round
/// trip. So: use a local one if there is any, spread the load if there are several, and fall back
/// to any matchmaker at all when this node has none.
///
/// **Your task.** Implement ``closestMember(of:in:using:)`` below: choose a member of the group
/// `name` from `table`, drawing every random choice from `random`. Edit only this function.
/// - Exactly one local entry (``LocalTable/GroupTable/localMembers(of:)`` has one element) → that pid.
/// - Two or more local entries — two pids, or one pid that joined twice → a random local entry.
/// - No local entry → a random entry of all the members (``LocalTable/GroupTable/members(of:)``).
/// - "Random entry" is uniform over the *list*, so a pid listed twice is chosen twice as often.
/// - No members at all → throw ``PG2Error/noProcess(_:)``; an unknown group → throw
///   ``PG2Error/noSuchGroup(_:)`` (the table's reads already throw it).
/// - Read the table only; never write it. Do not call ``ClosestMember`` — this *is* it.
///
/// **Why it matters in pg2.** This is pg2's `get_closest_pid`: a read of `get_local_members`,
/// and, only if that is empty, of `get_members`, with `random_element` picking by position in the
/// list. It is how pg2 users send to "some member, preferably a near one" without writing the
/// preference themselves; the repeats in the lists are what make the counts act as weights.
///
/// **Hints:** `swift run workbook hint 3.1` (three levels).
public func closestMember(
    of name: GroupName, in table: GroupTable, using random: inout some RandomNumberGenerator
) throws -> Pid {
    // The draw is an index into the expanded list, so the counts weigh the choice for free; the
    // full member list is read only when no local entry exists, as in pg2.
    let local = try table.localMembers(of: name)
    if local.count == 1 { return local[0] }
    let candidates = local.isEmpty ? try table.members(of: name) : local
    guard !candidates.isEmpty else { throw PG2Error.noProcess(name) }
    return candidates[Int.random(in: 0..<candidates.count, using: &random)]
}
