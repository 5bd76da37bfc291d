import Cluster
import LocalTable

/// pg2's API on one node, as a scenario drives it (exercise 3.3).
///
/// Behind these closures is a node in a simulation running chapter 3's ``SingleNodeServer/PG2``
/// and ``SingleNodeServer/PG2Server``, or a planted copy with one bug; your scenario can tell them
/// apart only by what the calls do. The calls throw what pg2's do (a ``LocalTable/PG2Error``).
public struct PG2UnderTest: Sendable {
    /// The node the calls are made on.
    public let node: NodeName
    /// `create(Name)`
    public let create: @Sendable (GroupName) async throws -> Void
    /// `delete(Name)`
    public let delete: @Sendable (GroupName) async throws -> Void
    /// `join(Name, Pid)`
    public let join: @Sendable (GroupName, Pid) async throws -> Void
    /// `leave(Name, Pid)`
    public let leave: @Sendable (GroupName, Pid) async throws -> Void
    /// `get_members(Name)`
    public let members: @Sendable (GroupName) throws -> [Pid]
    /// `which_groups()`
    public let whichGroups: @Sendable () throws -> [GroupName]
    /// A new process on ``node``, alive until ``kill``.
    public let spawn: @Sendable () -> Pid
    /// Kills the process, and returns once the node has had time to handle its death.
    public let kill: @Sendable (Pid) async throws -> Void

    public init(
        node: NodeName, create: @escaping @Sendable (GroupName) async throws -> Void,
        delete: @escaping @Sendable (GroupName) async throws -> Void,
        join: @escaping @Sendable (GroupName, Pid) async throws -> Void,
        leave: @escaping @Sendable (GroupName, Pid) async throws -> Void,
        members: @escaping @Sendable (GroupName) throws -> [Pid],
        whichGroups: @escaping @Sendable () throws -> [GroupName], spawn: @escaping @Sendable () -> Pid,
        kill: @escaping @Sendable (Pid) async throws -> Void
    ) {
        self.node = node
        self.create = create
        self.delete = delete
        self.join = join
        self.leave = leave
        self.members = members
        self.whichGroups = whichGroups
        self.spawn = spawn
        self.kill = kill
    }
}
