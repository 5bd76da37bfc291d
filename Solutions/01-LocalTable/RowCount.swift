import Cluster
import LocalTable
import WorkbookSupport

/// One write to one node's table (exercise 1.4), as pg2's server applies it.
public enum TableStep: Hashable, Sendable, CustomStringConvertible {
    /// `assure_group`: adds the group if it is missing.
    case create(GroupName)
    /// `delete_group`: every membership of the group goes, then the group.
    case delete(GroupName)
    /// One join; a join of a group the table lacks changes nothing.
    case join(GroupName, Pid)
    /// One leave; a leave of a non-member, or of a group the table lacks, changes nothing.
    case leave(GroupName, Pid)

    public var description: String {
        switch self {
        case .create(let name): "create \(name)"
        case .delete(let name): "delete \(name)"
        case .join(let name, let pid): "join \(name) \(pid)"
        case .leave(let name, let pid): "leave \(name) \(pid)"
        }
    }
}

/// How many rows of each kind a table holds (exercise 1.4) — pg2's `{group, …}`, `{member, …}`,
/// `{local_member, …}` and `{pid, …}` rows.
public struct RowCounts: Hashable, Sendable, CustomStringConvertible {
    public var groups: Int
    public var members: Int
    public var localMembers: Int
    public var index: Int

    public init(groups: Int, members: Int, localMembers: Int, index: Int) {
        self.groups = groups
        self.members = members
        self.localMembers = localMembers
        self.index = index
    }

    public var description: String {
        "\(groups) group, \(members) member, \(localMembers) local-member and \(index) index rows"
    }
}

/// ## Exercise 1.4 — Count the rows
///
/// **The situation.** A node runs a job queue: one pg2 group per kind of job, thousands of workers
/// joining and leaving all day, some joined twice to take two jobs at once. Its memory is an ETS
/// table, and the operator wants to know what that table will cost: how many rows of each kind it
/// holds after a day's traffic. Joins are not rows — and guessing which writes add a row, which
/// only change a counter, and which remove rows is the best test of knowing the table.
///
/// **Your task.** Write ``predictRowCounts(after:on:)`` below: predict how many rows of each kind
/// (``RowCounts``) node `node`'s table holds after `steps`, applied in order to an empty table.
/// Edit only this function, and predict from the rules rather than by building a table: the
/// tests pick the steps, run them on chapter 1's real table, count its rows, and compare.
/// - Each ``TableStep`` behaves as pg2's server applies it: a join or leave of a group the table
///   lacks changes nothing, and so does a leave of a pid that is not a member.
/// - The rows are the four sets of ``LocalTable/GroupRows``: a group row per group, a member row
///   per (group, pid) with its count, a local-member row per such pair whose pid lives on `node`,
///   an index row per (pid, group) in the reverse index.
///
/// **Why it matters in pg2.** pg2's `join_group` bumps a counter with `ets:update_counter` and
/// inserts rows only when that fails (the first join); `leave_group` deletes them only when the
/// counter reaches 0; `delete_group` leaves once per entry of the member list. So the table's size
/// follows the *distinct* memberships, never the number of joins — the reason a process can join a
/// group a thousand times at the cost of one row.
///
/// **Hints:** `swift run workbook hint 1.4` (three levels).
public func predictRowCounts(after steps: [TableStep], on node: NodeName) throws -> RowCounts {
    // Only which (group, pid) pairs have a count ≥ 1 decides the rows, not how large the counts
    // are: a member row is one row however many joins it counts, and it brings one index row,
    // plus one local row if the pid lives here. So keep the counts, and count pairs at the end.
    var groups: Set<GroupName> = []
    var counts: [GroupName: [Pid: Int]] = [:]
    for step in steps {
        switch step {
        case .create(let name):
            groups.insert(name)
        case .delete(let name):
            groups.remove(name)
            counts[name] = nil
        case .join(let name, let pid):
            if groups.contains(name) { counts[name, default: [:]][pid, default: 0] += 1 }
        case .leave(let name, let pid):
            if let count = counts[name]?[pid] { counts[name]![pid] = count > 1 ? count - 1 : nil }
        }
    }
    let pairs = counts.values.flatMap(\.keys)
    return RowCounts(
        groups: groups.count, members: pairs.count, localMembers: pairs.filter { $0.node == node }.count,
        index: pairs.count)
}
