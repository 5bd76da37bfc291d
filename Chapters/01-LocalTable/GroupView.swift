import Cluster

/// A group as readers see it: immutable, built by the first read after a write, shared by every
/// read until the next write to the group.
public final class GroupView: Sendable {
    /// Every member, repeated by count, sorted by pid.
    public let members: [Pid]
    /// The members that live on the table's node, likewise.
    public let localMembers: [Pid]

    init(members: [Pid], localMembers: [Pid]) {
        self.members = members
        self.localMembers = localMembers
    }
}
