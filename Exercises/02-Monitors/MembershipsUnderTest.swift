import Cluster
import LocalTable

/// One node's membership logic as a scenario drives it (exercises 2.1 and 2.2).
///
/// Behind these closures is chapter 2's ``Monitors/Memberships`` on a small fake node, or a planted
/// copy of it with one bug; your scenario can tell them apart only by what they do. On that node:
/// - every pid is a live process until you ``kill`` it; a killed pid stays dead, and joining it
///   again is allowed (as in pg2) — its new monitor reports the death at once;
/// - every call returns after the node has handled every DOWN it caused, so a death's effects
///   are visible as soon as ``kill`` returns;
/// - writes behave as pg2's server applies them: a join or leave of a group that does not exist
///   changes nothing.
public struct MembershipsUnderTest {
    /// `assure_group`.
    public let create: (GroupName) -> Void
    /// `join_group`: one join, monitoring the pid at its first membership anywhere.
    public let join: (GroupName, Pid) -> Void
    /// `leave_group`: one leave.
    public let leave: (GroupName, Pid) -> Void
    /// `delete_group`: every membership in the group leaves, then the group goes.
    public let delete: (GroupName) -> Void
    /// Kills the process: every monitor on it fires, and the node handles each DOWN.
    public let kill: (Pid) -> Void
    /// The group's members, each repeated by its count, sorted; `[]` for an unknown group.
    public let members: (GroupName) -> [Pid]
    /// The pids the node holds a live monitor on, sorted, one entry per monitor: a pid watched by
    /// two monitors appears twice. A monitor that has fired is no longer live.
    public let monitored: () -> [Pid]

    public init(
        create: @escaping (GroupName) -> Void, join: @escaping (GroupName, Pid) -> Void,
        leave: @escaping (GroupName, Pid) -> Void, delete: @escaping (GroupName) -> Void,
        kill: @escaping (Pid) -> Void, members: @escaping (GroupName) -> [Pid], monitored: @escaping () -> [Pid]
    ) {
        self.create = create
        self.join = join
        self.leave = leave
        self.delete = delete
        self.kill = kill
        self.members = members
        self.monitored = monitored
    }
}
