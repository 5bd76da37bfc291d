import Cluster
import LocalTable
import WorkbookSupport

/// One thing two nodes' tables disagree about (exercise 1.3).
public enum Disagreement: Hashable, Sendable, CustomStringConvertible {
    /// The group exists in the left table only. Its members, if any, come with it: they are not
    /// listed as disagreements of their own.
    case groupOnlyLeft(GroupName)
    /// The group exists in the right table only (members likewise not listed).
    case groupOnlyRight(GroupName)
    /// Both tables have the group, and count the pid's joins differently; 0 means "not a member".
    case count(GroupName, Pid, left: Int, right: Int)

    public var description: String {
        switch self {
        case .groupOnlyLeft(let name): "group \(name) only on the left"
        case .groupOnlyRight(let name): "group \(name) only on the right"
        case .count(let name, let pid, let left, let right):
            "\(pid) in \(name): \(left) on the left, \(right) on the right"
        }
    }
}

/// ## Exercise 1.3 — Where two tables disagree
///
/// **The situation.** A game studio runs one pg2 group per match, on a cluster of four nodes. After
/// a network glitch, players on one node see opponents that players on another node do not.
/// pg2's tables are replicas that nothing compares — each node answers from its own — so the
/// first thing an operator needs is a report: which groups, and which memberships, do these two
/// nodes disagree about?
///
/// **Your task.** Write ``disagreements(between:and:)`` below: everything the two tables `left`
/// and `right` (two nodes' rows, as ``LocalTable/GroupRows``) disagree about, as a list of
/// ``Disagreement``s. Edit only this function; read the rows, never change them.
/// - A group in one table only is one entry, ``Disagreement/groupOnlyLeft(_:)`` or
///   ``Disagreement/groupOnlyRight(_:)``, however many members it has there.
/// - For a group in both: one ``Disagreement/count(_:_:left:right:)`` per pid whose counts differ
///   (a pid missing on one side counts 0 there), and nothing for the pids they agree on.
/// - The tables belong to different nodes, so their local-member rows differ even when the nodes
///   agree on everything: those rows are derived, not something the nodes can disagree about.
/// - Sorted by group name, then by pid: two operators who run the report on the same tables must
///   read the same report, whatever order the rows' dictionaries happen to iterate in.
/// - Identical memberships: `[]`.
///
/// **Why it matters in pg2.** pg2 never compares tables. Its writes reach only the nodes the
/// caller can see, and its merge on reconnection (`store/1`, chapter 6) only adds; so nodes can
/// disagree for long stretches — anomalies A1–A5 of Chapters/PG2Rules.md are all disagreements of
/// exactly these kinds (a group one node deleted, a count one node lowered). `all_members/0` is
/// the view a node would send for such a comparison: every group, with its member list.
///
/// **Hints:** `swift run workbook hint 1.3` (three levels).
public func disagreements(between left: GroupRows, and right: GroupRows) throws -> [Disagreement] {
    // Walk the union of the groups, sorted, then the union of a shared group's pids, sorted: the
    // report never depends on a dictionary's order. O((g + m) log(g + m)) for g groups and m
    // member rows in the two tables together; the local rows are never read.
    var found: [Disagreement] = []
    for name in left.groups.union(right.groups).sorted() {
        switch (left.hasGroup(name), right.hasGroup(name)) {
        case (true, false): found.append(.groupOnlyLeft(name))
        case (false, true): found.append(.groupOnlyRight(name))
        default:
            let ours = left.memberCounts[name] ?? [:], theirs = right.memberCounts[name] ?? [:]
            for pid in Set(ours.keys).union(theirs.keys).sorted() where ours[pid] != theirs[pid] {
                found.append(.count(name, pid, left: ours[pid] ?? 0, right: theirs[pid] ?? 0))
            }
        }
    }
    return found
}
