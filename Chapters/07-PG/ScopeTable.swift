import Cluster
import LocalTable
import Synchronization

/// The rows of one scope's table: for each group, its entries in pg's order.
///
/// pg's ETS table holds one row per group, `{Group, AllPids, LocalPids}`: every entry, and the
/// entries of this node's pids, both newest first. Here a row is one ``GroupEntries``, and the
/// local list is the same entries filtered to this node's pids: pg keeps the two lists in step
/// (every write to a local pid edits both the same way), so the filter gives the same list.
///
/// A row may exist with no entry at all: pg's `join(Scope, Group, [])` inserts one (quirk Q1 of
/// Chapters/PGRules.md). Otherwise a row goes when its last entry goes.
public struct ScopeRows: Sendable, Equatable {
    /// The node whose table this is: decides which entries are local.
    public let localNode: NodeName
    /// The rows.
    public private(set) var groups: [GroupName: GroupEntries] = [:]
    /// How many local entries each group has (absent: none), for `which_local_groups`.
    public private(set) var localCounts: [GroupName: Int] = [:]
    /// Bumped whenever a row appears or goes: the table's group list is stale then.
    var shapeVersion = 0
    /// Bumped whenever a group gains its first local entry or loses its last.
    var localShapeVersion = 0

    /// No rows. O(1).
    public init(localNode: NodeName) { self.localNode = localNode }

    /// Whether `group` has a row (possibly empty).
    /// O(1).
    public func hasRow(_ group: GroupName) -> Bool { groups[group] != nil }

    /// `Pids ++ All` on `group`'s row, creating the row if it is missing — even for no pids.
    /// O(k) for k pids.
    public mutating func prepend(_ group: GroupName, _ pids: [Pid]) {
        if groups[group] == nil { shapeVersion += 1 }
        groups[group, default: GroupEntries()].prepend(pids)
        let local = pids.count { $0.node == localNode }
        guard local > 0 else { return }
        if localCounts[group] == nil { localShapeVersion += 1 }
        localCounts[group, default: 0] += local
    }

    /// Removes `pid`'s newest entry from `group`'s row, keeping the row even if it empties.
    /// - Returns: whether there was one. O(1) amortised.
    @discardableResult
    public mutating func removeNewest(_ group: GroupName, _ pid: Pid) -> Bool {
        guard groups[group]?.removeNewest(pid) == true else { return false }
        if pid.node == localNode {
            let left = (localCounts[group] ?? 1) - 1
            localCounts[group] = left > 0 ? left : nil
            if left <= 0 { localShapeVersion += 1 }
        }
        return true
    }

    /// Deletes `group`'s row (`ets:delete(Scope, Group)`). O(1).
    public mutating func deleteRow(_ group: GroupName) {
        guard groups.removeValue(forKey: group) != nil else { return }
        shapeVersion += 1
        if localCounts.removeValue(forKey: group) != nil { localShapeVersion += 1 }
    }

    /// The entries of `group` as pg lists them, newest first; `[]` for no row.
    /// O(n) for the group's n entries: the rows keep no view (``ScopeTable`` caches one).
    public func members(of group: GroupName) -> [Pid] { groups[group]?.list ?? [] }

    /// Same node and the same entries in the same order, group by group. O(total entries).
    public static func == (lhs: ScopeRows, rhs: ScopeRows) -> Bool {
        lhs.localNode == rhs.localNode && lhs.groups == rhs.groups
    }
}

/// One scope's table on one node, shared: one writer (the scope), readers on any thread.
///
/// pg's reads — `get_members`, `get_local_members`, `which_groups` — read the scope's ETS table in
/// the caller, with no message to the scope, exactly as pg2's did. This table does what chapter 1's
/// ``LocalTable/GroupTable`` does: it caches each group's answer as an immutable ``ScopeView``,
/// built by the first read after a write to the group and handed out to every read until the
/// next one. A write never pays for the group's size; a read after the first is O(1).
///
/// What differs from chapter 1 is the order: pg2 sorted its members by pid, the same list on
/// every node; pg keeps them newest first, and two nodes may list the same entries in different
/// orders (rule R2 of Chapters/PGRules.md). The cached list is pg's own order.
///
/// Published on its node under the scope's name, owned by the scope: when the scope ends, the
/// table is retired (pg's `terminate/2` deletes the ETS table).
///
/// - Complexity: reads O(1) when the group was not written since its last read; the first read
///   after a write O(n) for the group's n entries (no sort: the order is kept, not computed).
///   ``groups()`` O(1), or O(g log g) after a group appeared or went.
public final class ScopeTable: OwnedTable {
    /// The scope whose table this is.
    public let scope: ScopeName
    /// The node it lives on.
    public var localNode: NodeName { state.withLock { $0.rows.localNode } }

    private let retired = Atomic<Bool>(false)

    /// Whether this table is no longer its scope's (the scope stopped, or the node halted).
    public var isRetired: Bool { retired.load(ordering: .acquiring) }

    /// See ``Cluster/OwnedTable``.
    /// O(1).
    public func ownerEnded() { retired.store(true, ordering: .releasing) }

    fileprivate struct State {
        var rows: ScopeRows
        var views: [GroupName: ScopeView] = [:]
        var groupList: [GroupName]? = []
        var localGroupList: [GroupName]? = []
    }

    private let state: Mutex<State>

    /// An empty table of `scope` on `localNode`.
    /// O(1).
    public init(scope: ScopeName, localNode: NodeName) {
        self.scope = scope
        state = Mutex(State(rows: ScopeRows(localNode: localNode)))
    }

    // MARK: Reads — any thread

    /// The view of `group`, or nil if it has no row. O(1), or O(n) for the first read after a write.
    public func view(of group: GroupName) -> ScopeView? {
        state.withLock { s in
            if let view = s.views[group] { return view }
            guard let entries = s.rows.groups[group] else { return nil }
            let all = entries.list
            let localNode = s.rows.localNode
            let view = ScopeView(members: all, localMembers: all.filter { $0.node == localNode })
            s.views[group] = view
            return view
        }
    }

    /// `get_members`: every entry of `group`, newest first; `[]` for an unknown group. O(1).
    public func members(of group: GroupName) -> [Pid] { view(of: group)?.members ?? [] }

    /// `get_local_members`: the entries of this node's pids, newest first. O(1).
    public func localMembers(of group: GroupName) -> [Pid] { view(of: group)?.localMembers ?? [] }

    /// `which_groups`: every group with a row, sorted (pg lists them in ETS hash order), Q1's
    /// empty rows included. O(1), or O(g log g) after a group appeared or went.
    public func groups() -> [GroupName] {
        state.withLock { s in
            if let list = s.groupList { return list }
            let list = s.rows.groups.keys.sorted()
            s.groupList = list
            return list
        }
    }

    /// `which_local_groups`: the groups with an entry of this node's, sorted. O(1), or
    /// O(g log g) after the set changed.
    public func localGroups() -> [GroupName] {
        state.withLock { s in
            if let list = s.localGroupList { return list }
            let list = s.rows.localCounts.keys.sorted()
            s.localGroupList = list
            return list
        }
    }

    /// Every group with its entries: what `monitor_scope` returns. O(total entries) at most.
    public func contents() -> [GroupName: [Pid]] {
        let names = groups()
        return Dictionary(uniqueKeysWithValues: names.map { ($0, members(of: $0)) })
    }

    /// A copy of the rows, for the scope, invariant checks and tests. O(1) (copy-on-write).
    public var rows: ScopeRows { state.withLock { $0.rows } }

    // MARK: Writes — the scope only

    /// Applies `change` to the rows and drops the views of the groups it touched, atomically:
    /// readers see the rows before or after, never in between. `change` must call `touch(group)`
    /// for every group it changes. A batch — a sync, a peer's loss — is one call.
    /// - Complexity: `change`'s own cost, under the table's lock, plus O(1) per touched group to drop
    ///   its view; the views are rebuilt by the next reads, not here.
    public func write<Result>(
        _ change: (inout ScopeRows, _ touch: (GroupName) -> Void) throws -> Result
    ) rethrows -> Result {
        try state.withLock { s in
            var touched: [GroupName] = []
            let (shape, localShape) = (s.rows.shapeVersion, s.rows.localShapeVersion)
            // Even if `change` throws part-way, the views must match the rows.
            defer {
                for group in touched { s.views[group] = nil }
                if s.rows.shapeVersion != shape { s.groupList = nil }
                if s.rows.localShapeVersion != localShape { s.localGroupList = nil }
            }
            return try change(&s.rows) { touched.append($0) }
        }
    }

    /// Checks ``checkViews()``'s rules for `groups` only, as after a write that touched them: a
    /// built view matches its row, and the group lists, if built, list a group exactly while it
    /// has a row (all) or a local entry (local).
    /// - Complexity: O(log g) per group (a binary search of the built lists), plus O(n) for a
    ///   group of n entries whose view a reader built since the write (the write dropped it).
    public func checkViews(of groups: [GroupName]) throws {
        try state.withLock { s in
            for group in groups {
                if let view = s.views[group] {
                    guard let entries = s.rows.groups[group], entries.list == view.members,
                        view.localMembers == entries.list.filter({ $0.node == s.rows.localNode })
                    else {
                        throw InvariantViolation(rule: "views match rows", detail: "the view of \(group) is stale")
                    }
                }
                if let list = s.groupList, Self.isListed(group, in: list) != s.rows.hasRow(group) {
                    throw InvariantViolation(rule: "views match rows", detail: "the group list is stale for \(group)")
                }
                if let list = s.localGroupList, Self.isListed(group, in: list) != (s.rows.localCounts[group] != nil) {
                    throw InvariantViolation(
                        rule: "views match rows", detail: "the local group list is stale for \(group)")
                }
            }
        }
    }

    /// Whether `name` is in `list`, which is sorted (a binary search). O(log g).
    private static func isListed(_ name: GroupName, in list: [GroupName]) -> Bool {
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < name { low = mid + 1 } else { high = mid }
        }
        return low < list.count && list[low] == name
    }

    /// Checks that every built view matches its row.
    /// O(n) per built view for its group's n entries.
    public func checkViews() throws {
        try state.withLock { s in
            for (group, view) in s.views {
                guard let entries = s.rows.groups[group], entries.list == view.members,
                    view.localMembers == entries.list.filter({ $0.node == s.rows.localNode })
                else {
                    throw InvariantViolation(rule: "views match rows", detail: "the view of \(group) is stale")
                }
            }
            if let list = s.groupList, list != s.rows.groups.keys.sorted() {
                throw InvariantViolation(rule: "views match rows", detail: "the group list is stale")
            }
            if let list = s.localGroupList, list != s.rows.localCounts.keys.sorted() {
                throw InvariantViolation(rule: "views match rows", detail: "the local group list is stale")
            }
        }
    }
}

/// A group as readers see it: immutable, built by the first read after a write.
public final class ScopeView: Sendable {
    /// Every entry, newest first.
    public let members: [Pid]
    /// The entries of the table's node's pids, in the same order.
    public let localMembers: [Pid]

    init(members: [Pid], localMembers: [Pid]) {
        self.members = members
        self.localMembers = localMembers
    }
}
