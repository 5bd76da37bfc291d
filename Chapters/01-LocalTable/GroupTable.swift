import Cluster
import Synchronization

/// One node's pg2 table, shared: one writer (the pg2 server), readers on any thread.
///
/// pg2's reads — `get_members`, `get_local_members`, `which_groups` — never message the server:
/// the caller reads the ETS table itself, so a read is as cheap as a table lookup, while every
/// write pays for a lock and a round of messages (chapters 4–5). We go one step further and
/// cache each group's answer: the sorted, count-expanded member list and local-member list,
/// as an immutable ``GroupView``. A write changes the rows (O(1) per row) and throws away the
/// touched group's view; the first read after it builds a new view (O(m log m) for the group's m
/// distinct members) and keeps it; every later read, until the next write to that group, is a
/// dictionary lookup and a reference-count bump — **O(1) in the size of the group**, where
/// `ets:match` plus expansion costs O(members) on every read.
///
/// So a write never pays for the group's size: a join into a group of 100 000 members costs what
/// a join into a group of 10 does. The price is paid once, by the first reader after a burst of
/// writes — and a burst of a thousand joins is still paid for once, not a thousand times.
///
/// A reader sees each write entirely or not at all: rows and views change under one lock, and a
/// view is built under it from rows no writer is changing, so no read ever sees a half-applied
/// write (a "torn" state).
///
/// - Complexity: reads O(1) when the group was not written since its last read (plus the length of
///   the group's name, for hashing); the first read after a write O(m log m). A write of r rows
///   O(r), whatever the group's size.
public final class GroupTable: OwnedTable {
    /// The node whose table this is.
    public let localNode: NodeName

    private let retired = Atomic<Bool>(false)

    /// Whether this table is no longer its node's published table (its server ended, or the node
    /// halted). A reader that keeps a reference checks this — one atomic load — instead of
    /// looking the table up in the node's registry on every read.
    public var isRetired: Bool { retired.load(ordering: .acquiring) }

    /// See ``Cluster/OwnedTable``. O(1): one atomic store.
    public func ownerEnded() { retired.store(true, ordering: .releasing) }

    fileprivate struct State {
        var rows: GroupRows
        /// Built views; a group missing here (but present in the rows) was written since its
        /// last read.
        var views: [GroupName: GroupView] = [:]
        /// The sorted group list, or nil after a group was created or deleted.
        var groupList: [GroupName]? = []
    }

    fileprivate let state: Mutex<State>

    /// An empty table for `localNode`. O(1).
    public init(localNode: NodeName) {
        self.localNode = localNode
        self.state = Mutex(State(rows: GroupRows(localNode: localNode)))
    }

    // MARK: Reads — any thread, no waiting on the server

    /// The view of `name`: its members and local members, ready-made. `nil` if no such group.
    /// - Complexity: O(1), or O(m log m) for the first read after a write to the group.
    public func view(of name: GroupName) -> GroupView? {
        state.withLock { $0.view(of: name) }
    }

    /// `get_members`: the members of `name`, repeated by count, sorted by pid. O(1).
    /// - Throws: ``PG2Error/noSuchGroup(_:)`` if the group does not exist here.
    public func members(of name: GroupName) throws(PG2Error) -> [Pid] {
        guard let view = view(of: name) else { throw .noSuchGroup(name) }
        return view.members
    }

    /// `get_local_members`: the members of `name` that live on this node. O(1).
    /// - Throws: ``PG2Error/noSuchGroup(_:)`` if the group does not exist here.
    public func localMembers(of name: GroupName) throws(PG2Error) -> [Pid] {
        guard let view = view(of: name) else { throw .noSuchGroup(name) }
        return view.localMembers
    }

    /// `which_groups`: every group on this node, sorted, empty ones included.
    /// - Complexity: O(1), or O(g log g) for g groups on the first call after a group was
    ///   created or deleted.
    public func groups() -> [GroupName] {
        state.withLock { s in
            if let list = s.groupList { return list }
            let list = s.rows.allGroups
            s.groupList = list
            return list
        }
    }

    /// Whether `name` exists on this node. O(1).
    public func hasGroup(_ name: GroupName) -> Bool { state.withLock { $0.rows.hasGroup(name) } }

    /// How many times `pid` joined `name` (0 if it is not a member). O(1).
    public func count(of pid: Pid, in name: GroupName) -> Int {
        state.withLock { $0.rows.count(of: pid, in: name) }
    }

    /// The groups `pid` is in, sorted (`member_groups`). O(g log g) for its g groups, on every
    /// call: this list is not cached.
    public func groups(of pid: Pid) -> [GroupName] { state.withLock { $0.rows.groups(of: pid) } }

    /// Runs `body` on the member counts of `name` (pid → count; empty if no such group), under the
    /// table's lock: a look at the rows without copying them or building a list. Keep `body` short.
    /// O(1) plus `body`.
    public func withCounts<R>(of name: GroupName, _ body: ([Pid: Int]) -> R) -> R {
        state.withLock { s in
            if let counts = s.rows.memberCounts[name] { return body(counts) }
            return body([:])
        }
    }

    /// Runs `body` on the rows under the table's lock, without copying them: for checks that must
    /// not make the next write copy the whole table. Keep `body` short. O(1) plus `body`.
    package func withRows<R>(_ body: (GroupRows) throws -> R) rethrows -> R {
        try state.withLock { try body($0.rows) }
    }

    /// A copy of the rows, for tests, invariant checks and the exchange of chapter 6. O(1) to take
    /// (copy-on-write), but while the copy lives, the next write copies the rows it changes.
    public var rows: GroupRows { state.withLock { $0.rows } }

    // MARK: Writes — the owner only

    /// Applies `change` to the rows and drops the views of what it touched, atomically.
    ///
    /// `change` receives the rows and a ``Touched`` log; it must call `touch(name, pid)` for every
    /// membership it changed and `touch(name)` for every group row (the write helpers below do).
    /// Readers see the rows before or after `change`, never in between. A batch — a whole delete, a
    /// death, a merge — is one call, so readers see it whole too.
    ///
    /// In debug builds the rows' invariants are checked after every write — for what it touched,
    /// not the whole table, so a write still costs what it changed (``GroupRows/checkInvariants(touched:)``).
    /// - Complexity: the cost of `change`, plus O(log g) per touched group for g groups.
    public func write<Result>(
        _ change: (inout GroupRows, _ touch: Touched) throws -> Result
    ) rethrows -> Result {
        try state.withLock { s in
            let touched = Touched()
            // Invalidate even if `change` throws part-way: the views must always match the rows.
            defer {
                s.invalidate(touched.groups)
                #if DEBUG
                    s.assertInvariants(touched)
                #endif
            }
            return try change(&s.rows, touched)
        }
    }

    /// `assure_group`: creates `name` if it is missing. O(1).
    @discardableResult
    public func assureGroup(_ name: GroupName) -> Bool {
        state.withLock { s in
            guard s.rows.assureGroup(name) else { return false }
            s.groupList = nil
            #if DEBUG
                s.assertInvariants(Touched(name))
            #endif
            return true
        }
    }

    /// One join (the group must exist). Returns the new count. O(1), whatever the group's size
    /// (plus O(log g) for g groups while the group list is cached, as for every write).
    @discardableResult
    public func joinGroup(_ name: GroupName, _ pid: Pid) -> Int {
        write { rows, touch in
            touch(name, pid)
            return rows.joinGroup(name, pid)
        }
    }

    /// One leave. Returns the new count, or `nil` if `pid` was not a member. O(1), whatever the
    /// group's size (plus O(log g) for g groups while the group list is cached, as for every write).
    @discardableResult
    public func leaveGroup(_ name: GroupName, _ pid: Pid) -> Int? {
        write { rows, touch in
            guard let count = rows.leaveGroup(name, pid) else { return nil }
            touch(name, pid)
            return count
        }
    }

    /// `delete_group`: every member leaves once per count, then the group goes, in one batch.
    /// Returns the leaves, sorted. O(m log m) for the group's m distinct members.
    @discardableResult
    public func deleteGroup(_ name: GroupName) -> [Pid] {
        write { rows, touch in
            let leaves = rows.deleteGroup(name)
            touch(name)
            for pid in Set(leaves) { touch(name, pid) }
            return leaves
        }
    }

    /// Checks the rows' invariants, and that every published view matches its rows.
    /// - Complexity: O(r log r) for r rows: the rows' own check, then each built view compared
    ///   with a list rebuilt from the rows (O(m log m) for a group of m distinct members).
    public func checkInvariants() throws {
        try state.withLock { s in
            try s.rows.checkInvariants()
            guard s.groupList == nil || s.groupList == s.rows.allGroups,
                Set(s.views.keys).isSubset(of: s.rows.groups)
            else {
                throw InvariantViolation(rule: "views match rows", detail: "the group list is stale")
            }
            for name in s.rows.allGroups {
                guard let view = s.views[name] else { continue }  // not built since the last write
                guard view.members == s.rows.members(of: name),
                    view.localMembers == s.rows.localMembers(of: name)
                else {
                    throw InvariantViolation(rule: "views match rows", detail: "the view of \(name) is stale")
                }
            }
        }
    }
}

extension GroupTable.State {
    /// Drops the views of the groups a write touched, and the group list if one of them was
    /// created or deleted.
    fileprivate mutating func invalidate(_ touched: Set<GroupName>) {
        for name in touched {
            views[name] = nil
            if let list = groupList, Self.isListed(name, in: list) != rows.hasGroup(name) { groupList = nil }
        }
    }

    /// Whether `name` is in `list`, which is sorted (a binary search). O(log g).
    private static func isListed(_ name: GroupName, in list: [GroupName]) -> Bool {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < name { low = mid + 1 } else { high = mid }
        }
        return low < list.count && list[low] == name
    }

    /// Stops the program if the write that touched `touched` broke an invariant: the rows' rules
    /// for what it touched, and the group list and views against them. Debug builds run this
    /// after every write, as swift-collections checks its trees after every mutation.
    /// - Complexity: O(touched groups and memberships).
    fileprivate func assertInvariants(_ touched: Touched) {
        do {
            try rows.checkInvariants(touched: touched)
            for name in touched.groups {
                guard views[name] == nil || rows.hasGroup(name),
                    groupList.map({ Self.isListed(name, in: $0) == rows.hasGroup(name) }) ?? true
                else { throw InvariantViolation(rule: "views match rows", detail: "the views of \(name) are stale") }
            }
        } catch {
            preconditionFailure("a write broke the table: \(error)")
        }
    }

    /// The view of `name`, built from the rows if a write dropped it; nil if no such group.
    fileprivate mutating func view(of name: GroupName) -> GroupView? {
        if let view = views[name] { return view }
        guard rows.hasGroup(name) else { return nil }
        let view = GroupView(members: rows.members(of: name), localMembers: rows.localMembers(of: name))
        views[name] = view
        return view
    }
}
