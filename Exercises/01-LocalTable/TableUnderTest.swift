import Cluster
import LocalTable

/// One node's table as a scenario drives it (exercises 1.1 and 1.2).
///
/// Behind these closures is either chapter 1's ``LocalTable/GroupRows`` or a planted copy of it
/// with one bug; your scenario cannot tell which by looking, only by what the table does. The
/// writes behave as pg2's server applies them: a `join` or `leave` of a group the table lacks
/// changes nothing (pg2's callers check that the group exists first).
public struct TableUnderTest {
    /// The node whose table this is: its pids are the table's local members.
    public let node: NodeName
    /// `assure_group`: adds the group if it is missing.
    public let create: (GroupName) -> Void
    /// One join of the pid to the group.
    public let join: (GroupName, Pid) -> Void
    /// One leave of the pid from the group.
    public let leave: (GroupName, Pid) -> Void
    /// `group_members`: the members, each repeated by its count, sorted by pid; `[]` for an
    /// unknown group.
    public let members: (GroupName) -> [Pid]
    /// `local_group_members`: the same, for the pids of ``node``.
    public let localMembers: (GroupName) -> [Pid]
    /// `member_groups`: the groups the pid is a member of, sorted (read from the reverse index).
    public let groups: (Pid) -> [GroupName]

    public init(
        node: NodeName, create: @escaping (GroupName) -> Void, join: @escaping (GroupName, Pid) -> Void,
        leave: @escaping (GroupName, Pid) -> Void, members: @escaping (GroupName) -> [Pid],
        localMembers: @escaping (GroupName) -> [Pid], groups: @escaping (Pid) -> [GroupName]
    ) {
        self.node = node
        self.create = create
        self.join = join
        self.leave = leave
        self.members = members
        self.localMembers = localMembers
        self.groups = groups
    }
}
