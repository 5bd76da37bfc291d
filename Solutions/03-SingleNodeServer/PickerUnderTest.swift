import Cluster
import LocalTable

/// One node's `get_closest_pid` as a scenario drives it (exercise 3.2).
///
/// Behind these closures is a table of node ``node`` and either chapter 3's
/// ``SingleNodeServer/ClosestMember`` or a planted copy of it with one bug, drawing from a seeded
/// generator; your scenario can tell them apart only by what they pick.
public struct PickerUnderTest {
    /// The node whose table this is: its pids are the local members.
    public let node: NodeName
    /// Creates the group if it is missing.
    public let create: (GroupName) -> Void
    /// One join of the pid to the group (which must exist).
    public let join: (GroupName, Pid) -> Void
    /// One leave of the pid from the group.
    public let leave: (GroupName, Pid) -> Void
    /// `get_closest_pid`: a member of the group, or a thrown ``LocalTable/PG2Error``.
    public let pick: (GroupName) throws -> Pid

    public init(
        node: NodeName, create: @escaping (GroupName) -> Void, join: @escaping (GroupName, Pid) -> Void,
        leave: @escaping (GroupName, Pid) -> Void, pick: @escaping (GroupName) throws -> Pid
    ) {
        self.node = node
        self.create = create
        self.join = join
        self.leave = leave
        self.pick = pick
    }
}
