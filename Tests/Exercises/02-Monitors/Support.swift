import Cluster
import Foundation
import LocalTable
import Monitors

/// The processes of the exercise tests: alice and carol live on node a (the table's node), bob on b.
let alice = Pid(node: "a", serial: 1)
let bob = Pid(node: "b", serial: 2)
let carol = Pid(node: "a", serial: 3)

extension MonitorRef {
    /// A ref as node a would mint it, for tests that run no node.
    ///
    /// Only a node mints refs (Erlang's `make_ref()`), so `MonitorRef` has no public initialiser;
    /// its `Codable` form is public, and the tests build refs from that, as a ref received over
    /// the wire would be built.
    static func fake(serial: UInt64) -> MonitorRef {
        let wire = #"{"node":"a","creation":1,"serial":\#(serial)}"#
        return try! JSONDecoder().decode(MonitorRef.self, from: Data(wire.utf8))
    }
}

/// The ref the tests' monitors give `pid`: one per pid, so a test can name it in advance.
func ref(for pid: Pid) -> MonitorRef { .fake(serial: pid.serial) }

/// A table of node a after `joins`, each a `join_group` as pg2 does it: the group is created if
/// missing, the member rows are joined with chapter 1's API, and the monitor rows — one per pid,
/// ref ``ref(for:)``, total its joins — are written directly.
func table(_ joins: [(GroupName, Pid)], groups: [GroupName] = []) -> (GroupRows, MonitorRows) {
    var rows = GroupRows(localNode: "a")
    var monitors = MonitorRows()
    for name in groups { rows.assureGroup(name) }
    for (name, pid) in joins {
        rows.assureGroup(name)
        rows.joinGroup(name, pid)
        if var row = monitors.byPid[pid] {
            row.total += 1
            monitors.byPid[pid] = row
        } else {
            monitors.byPid[pid] = MonitorRows.Row(ref: ref(for: pid), total: 1)
            monitors.byRef[ref(for: pid)] = pid
        }
    }
    return (rows, monitors)
}

/// The rows' invariants, then the monitor rows' (chapter 2's `MonitorRows.checkInvariants`).
func checkInvariants(_ rows: GroupRows, _ monitors: MonitorRows) throws {
    try rows.checkInvariants()
    try monitors.checkInvariants(against: rows)
}
