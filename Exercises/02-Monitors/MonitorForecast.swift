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
    // TODO(2.3): find when a monitor is taken and when it is released, and count.
    throw TODO("2.3: predict the monitors taken, released and still held after the steps")
}
