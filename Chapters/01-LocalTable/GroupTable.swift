import Cluster
import Synchronization

/// One node's pg2 table, shared: one writer (the pg2 server), readers on any thread.
///
/// pg2's reads — `get_members`, `get_local_members`, `which_groups` — never message the server:
/// the caller reads the ETS table itself, so a read is as cheap as a table lookup, while every
/// write pays for a lock and a round of messages (chapters 4–5). pg2 accepts slow writes to get
/// cheap reads. We take that one step further: each write rebuilds, for the group it touched, an
/// immutable ``GroupView`` — the sorted, count-expanded member list and local-member list — and
/// publishes it. A read is then a dictionary lookup and a reference-count bump, **O(1) in the
/// size of the group**, where `ets:match` plus expansion is O(members).
///
/// A reader sees each write entirely or not at all: the rows and the views change together under
/// one lock, so no read ever sees a half-applied write (a "torn" state).
///
/// Complexity: reads O(1) (plus the length of the group's name, for hashing); a write to group g
/// costs O(m log m) for g's m distinct members, to rebuild its view.
public final class GroupTable: Sendable {
    /// The node whose table this is.
    public let localNode: NodeName

    fileprivate struct State {
        var rows: GroupRows
        var views: [GroupName: GroupView] = [:]
        var groupList: [GroupName] = []
    }

    fileprivate let state: Mutex<State>

    /// An empty table for `localNode`.
    public init(localNode: NodeName) {
        self.localNode = localNode
        self.state = Mutex(State(rows: GroupRows(localNode: localNode)))
    }

    // MARK: Reads — any thread, no waiting on the server

    /// The view of `name`: its members and local members, ready-made. `nil` if no such group.
    public func view(of name: GroupName) -> GroupView? {
        state.withLock { $0.views[name] }
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

    /// `which_groups`: every group on this node, sorted, empty ones included. O(1).
    public func groups() -> [GroupName] { state.withLock { $0.groupList } }

    /// Whether `name` exists on this node.
    public func hasGroup(_ name: GroupName) -> Bool { view(of: name) != nil }

    /// The groups `pid` is in, sorted (`member_groups`).
    public func groups(of pid: Pid) -> [GroupName] { state.withLock { $0.rows.groups(of: pid) } }

    /// A copy of the rows, for tests, invariant checks and the exchange of chapter 6.
    public var rows: GroupRows { state.withLock { $0.rows } }

    // MARK: Writes — the owner only

    /// Applies `change` to the rows and republishes what it touched, atomically.
    ///
    /// `change` receives the rows and a `touch` function; it must call `touch(name)` for every
    /// group whose rows it changed (the write helpers below do). Readers see the rows before or
    /// after `change`, never in between.
    public func write<Result>(
        _ change: (inout GroupRows, _ touch: (GroupName) -> Void) throws -> Result
    ) rethrows -> Result {
        try state.withLock { s in
            var touched: [GroupName] = []
            // Republish even if `change` throws part-way: the views must always match the rows.
            defer { for name in Set(touched).sorted() { s.republish(name) } }
            return try change(&s.rows) { touched.append($0) }
        }
    }

    /// `assure_group`: creates `name` if it is missing.
    @discardableResult
    public func assureGroup(_ name: GroupName) -> Bool {
        write { rows, touch in
            touch(name)
            return rows.assureGroup(name)
        }
    }

    /// One join (the group must exist). Returns the new count.
    @discardableResult
    public func joinGroup(_ name: GroupName, _ pid: Pid) -> Int {
        write { rows, touch in
            touch(name)
            return rows.joinGroup(name, pid)
        }
    }

    /// One leave. Returns the new count, or `nil` if `pid` was not a member.
    @discardableResult
    public func leaveGroup(_ name: GroupName, _ pid: Pid) -> Int? {
        write { rows, touch in
            touch(name)
            return rows.leaveGroup(name, pid)
        }
    }

    /// `delete_group`: every member leaves once per count, then the group goes. Returns the leaves.
    @discardableResult
    public func deleteGroup(_ name: GroupName) -> [Pid] {
        write { rows, touch in
            touch(name)
            return rows.deleteGroup(name)
        }
    }

    /// Checks the rows' invariants, and that every published view matches its rows.
    public func checkInvariants() throws {
        try state.withLock { s in
            try s.rows.checkInvariants()
            guard s.groupList == s.rows.allGroups, Set(s.views.keys) == s.rows.groups else {
                throw InvariantViolation(rule: "views match rows", detail: "the group list is stale")
            }
            for name in s.rows.allGroups {
                let view = s.views[name]!
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
    /// Rebuilds the view of one group from the rows (or drops it if the group is gone).
    fileprivate mutating func republish(_ name: GroupName) {
        let existed = views[name] != nil
        if rows.hasGroup(name) {
            views[name] = GroupView(members: rows.members(of: name), localMembers: rows.localMembers(of: name))
        } else {
            views[name] = nil
        }
        if existed != (views[name] != nil) { groupList = rows.allGroups }
    }
}

/// A group as readers see it: immutable, built once per write, shared by every read until the
/// next write to the group.
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
