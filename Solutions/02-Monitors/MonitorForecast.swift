import Cluster
import LocalTable
import WorkbookSupport

/// One thing that happens to one node's memberships (exercise 2.3), as in ``MembershipsUnderTest``.
public enum MembershipStep: Hashable, Sendable, CustomStringConvertible {
    /// `assure_group`.
    case create(GroupName)
    /// One join; a join of a group that does not exist changes nothing.
    case join(GroupName, Pid)
    /// One leave; a leave of a non-member, or of a group that does not exist, changes nothing.
    case leave(GroupName, Pid)
    /// `delete_group`: every membership in the group leaves, then the group goes.
    case delete(GroupName)
    /// The process dies; the node handles every DOWN this causes before the next step.
    case kill(Pid)

    public var description: String {
        switch self {
        case .create(let name): "create \(name)"
        case .join(let name, let pid): "join \(name) \(pid)"
        case .leave(let name, let pid): "leave \(name) \(pid)"
        case .delete(let name): "delete \(name)"
        case .kill(let pid): "kill \(pid)"
        }
    }
}

/// What the membership logic did with monitors over a run (exercise 2.3).
public struct MonitorForecast: Hashable, Sendable, CustomStringConvertible {
    /// How many monitors it took: calls of `MonitorService.monitor`.
    public var taken: Int
    /// How many it released: calls of `MonitorService.demonitor`.
    public var released: Int
    /// The pids it still monitors at the end, sorted.
    public var monitored: [Pid]

    public init(taken: Int, released: Int, monitored: [Pid]) {
        self.taken = taken
        self.released = released
        self.monitored = monitored
    }

    public var description: String { "\(taken) taken, \(released) released, still monitored: \(monitored)" }
}

/// ## Exercise 2.3 — Count the monitors
///
/// **The situation.** A job queue's node watches tens of thousands of worker processes. Each
/// monitor costs the runtime memory and, for a remote worker, a message each way; an operator
/// planning capacity wants to know how many monitors a day of joins, leaves, deletes and crashes
/// will take and release, and how many are still held at the end. The answer follows from one
/// rule about how long a monitor lives — if you find the rule, the count is easy.
///
/// **Your task.** Write ``predictMonitors(after:)`` below: for `steps`, applied in order to a node
/// with no groups, predict the ``MonitorForecast`` — monitors taken, monitors released, pids still
/// monitored. Edit only this function, and predict from the rules rather than by running the
/// chapter's code: the tests pick the steps, run them through chapter 2's ``Monitors/Memberships``
/// on a fake node that counts its monitor calls, and compare.
/// - The steps behave as in ``MembershipsUnderTest``: every pid is alive until killed, a killed
///   pid stays dead, and a dead pid may join again — its monitor then reports the death at once.
/// - Every DOWN is handled before the next step, and the membership logic releases a pid's
///   monitor when it removes the pid's last membership, however that happens — also the monitor
///   that has just fired, which the last leave of a dead pid releases as any other.
///
/// **Why it matters in pg2.** In pg2 the counter in the `{ref, Pid}` row ties a monitor's life to
/// the pid's memberships: `join_group` calls `do_monitor` only when the row is missing,
/// `leave_group` calls `erlang:demonitor` when the counter reaches 0, and `member_died` gets there
/// by calling `leave_group` once per entry of the pid's member lists. The monitor is pg2's only
/// way to learn of a death — and for a remote pid, each one costs signals to its node and back.
///
/// **Hints:** `swift run workbook hint 2.3` (three levels).
public func predictMonitors(after steps: [MembershipStep]) throws -> MonitorForecast {
    // A monitor lives exactly while its pid has at least one membership, in any group: it is
    // taken when the pid's total goes from 0 to 1, and released when it comes back to 0 — by a
    // leave, a delete or a death alike. So track the memberships and count those two crossings.
    var groups: Set<GroupName> = []
    var counts: [GroupName: [Pid: Int]] = [:]
    var dead: Set<Pid> = []
    var taken = 0, released = 0
    func total(_ pid: Pid) -> Int { counts.values.reduce(0) { $0 + ($1[pid] ?? 0) } }

    for step in steps {
        switch step {
        case .create(let name):
            groups.insert(name)
        case .join(let name, let pid):
            guard groups.contains(name) else { continue }
            if total(pid) == 0 { taken += 1 }
            if dead.contains(pid) {
                released += 1  // the new monitor reports the death at once, and the pid goes again
            } else {
                counts[name, default: [:]][pid, default: 0] += 1
            }
        case .leave(let name, let pid):
            guard let count = counts[name]?[pid] else { continue }
            counts[name]![pid] = count > 1 ? count - 1 : nil
            if total(pid) == 0 { released += 1 }
        case .delete(let name):
            guard groups.remove(name) != nil else { continue }
            let members = counts.removeValue(forKey: name) ?? [:]
            released += members.keys.filter { total($0) == 0 }.count
        case .kill(let pid):
            guard dead.insert(pid).inserted, total(pid) > 0 else { continue }
            for name in counts.keys { counts[name]![pid] = nil }
            released += 1
        }
    }
    let monitored = Set(counts.values.flatMap(\.keys)).sorted()
    return MonitorForecast(taken: taken, released: released, monitored: monitored)
}
