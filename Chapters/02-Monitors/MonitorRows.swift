import Cluster
import LocalTable

/// The monitor rows of pg2's table: one monitor per member pid, shared by all its memberships.
///
/// | pg2's row | here |
/// |---|---|
/// | `{{ref, Pid}, RPid, Ref, Count}` | ``byPid``: `pid → (ref, total)` |
/// | `{{ref, Ref}, Pid}` | ``byRef``: `ref → pid` |
///
/// `total` counts the pid's memberships over *all* groups, joins included (a pid in group x
/// twice and group y once has total 3). The monitor is taken at the first join anywhere and
/// released when the total falls to zero. One monitor per pid, not per membership: a process in
/// a hundred groups costs one monitor, and its death produces one DOWN, which removes it from all
/// hundred (``Memberships/memberDied(_:monitoring:)``).
///
/// (`RPid` is the process pg2 actually monitors. Usually it is the pid itself; but when the pid's
/// node is not connected, pg2's `do_monitor` spawns a small helper process that monitors the pid
/// and exits when it dies, and pg2 monitors the helper — a workaround for `erlang:monitor`
/// blocking on a connection attempt. Here a monitor on an unconnected node reports
/// `noconnection` at once, so no helper is needed.)
public struct MonitorRows: Sendable, Equatable {
    /// One row per monitored pid.
    public struct Row: Sendable, Equatable {
        /// The monitor this node holds on the pid.
        public var ref: MonitorRef
        /// The pid's memberships over all groups, counting repeated joins.
        public var total: Int

        /// A row for the monitor `ref`, shared by `total` memberships. O(1).
        public init(ref: MonitorRef, total: Int) {
            self.ref = ref
            self.total = total
        }
    }

    /// `{{ref, Pid}, RPid, Ref, Count}`
    public var byPid: [Pid: Row] = [:]
    /// `{{ref, Ref}, Pid}`: how a DOWN, which carries the ref, finds its pid.
    public var byRef: [MonitorRef: Pid] = [:]

    /// No monitor rows. O(1).
    public init() {}

    /// Whether there are no monitor rows at all.
    public var isEmpty: Bool { byPid.isEmpty && byRef.isEmpty }
}

/// How the membership logic starts and stops monitors; the pg2 server implements it on its node.
///
/// Keeping this a protocol keeps ``Memberships`` free of I/O: tests can count monitors with a
/// fake, and the server wires a real ``Cluster/Node`` monitor to its DOWN handler.
public protocol MonitorService {
    /// Starts monitoring `pid`; its DOWN must eventually reach ``Memberships/memberDied(_:monitoring:)``.
    func monitor(_ pid: Pid) -> MonitorRef
    /// Stops a monitor: its DOWN will not be delivered after this returns (pg2 uses
    /// `erlang:demonitor(Ref, [flush])`). A DOWN delivered just before, and not yet handled, may
    /// still arrive here (unlike pg2, whose `[flush]` removes it from the mailbox);
    /// ``Memberships/memberDied(_:monitoring:)`` ignores a ref it no longer knows.
    func demonitor(_ ref: MonitorRef)
}
