import Cluster

/// What one write to a ``GroupTable`` touched, as its `change` reports it: the groups whose views
/// it drops, and the memberships whose rows it changed (which debug builds check after the write).
public final class Touched {
    /// Every group touched.
    public private(set) var groups: Set<GroupName> = []
    /// Every (group, pid) membership touched; recorded only in debug builds, which check them.
    public private(set) var members: [(group: GroupName, pid: Pid)] = []

    init() {}

    init(_ name: GroupName) { groups = [name] }

    /// `name`'s group row changed (created or deleted), or its members did. O(1) amortised.
    public func callAsFunction(_ name: GroupName) { groups.insert(name) }

    /// `pid`'s membership of `name` changed (joined, left, or removed). O(1) amortised.
    public func callAsFunction(_ name: GroupName, _ pid: Pid) {
        groups.insert(name)
        #if DEBUG
            members.append((name, pid))
        #endif
    }
}
