import Exchange
import LocalTable
import PG

/// A pg scope's name (pg's scope atom); pg's default scope is `pg`.
public typealias ScopeName = PG.ScopeName
/// pg's errors: ``PG/PGError/notLocal(_:)``, ``PG/PGError/alreadyStarted(_:_:)``,
/// ``PG/PGError/notRunning(_:_:)``.
public typealias PGError = PG.PGError
/// What pg's `leave` answers: `ok` or `notJoined`.
public typealias LeaveResult = PG.LeaveResult
/// One change a subscriber hears of: `{Ref, join | leave, Group, Pids}`.
public typealias PGNotification = PG.PGNotification
/// What `monitor_scope` and `monitor` return: a ref, the current contents, the notifications.
public typealias Subscription = PG.Subscription

extension ProcessGroups {
    /// OTP's `pg`, beside pg2: process groups in a named scope, eventually consistent, with no
    /// lock and no cluster-wide write.
    ///
    /// A scope runs on every node that takes part (``start(_:on:)``). Only a node's own processes
    /// join its groups; the node's scope monitors them and tells the same scope on every other
    /// node. When nodes connect, each scope sends the other its own members, and that report
    /// *replaces* whatever the other knew of it; a peer that is lost is forgotten. So after any
    /// partition every node ends up showing exactly the live memberships of the nodes it is
    /// connected to — none of pg2's anomalies (see `Chapters/07-PG` and `Chapters/PGRules.md`).
    ///
    /// ```swift
    /// let sim = Simulation(seed: 1)
    /// let a = sim.addNode("a"), b = sim.addNode("b")
    /// for node in [a, b] { try ProcessGroups.Scope.start("chat", on: node) }
    /// let alice = a.spawnProcess()
    /// try await sim.run {
    ///     try await ProcessGroups.Scope("chat", on: a).join("room", alice.id)   // only a's processes
    /// }
    /// try await sim.quiescence()                                  // let the join reach b
    /// ProcessGroups.Scope("chat", on: b).members(of: "room")      // [alice.id]
    /// ```
    ///
    /// **Order.** pg's own, which its manual calls unspecified: on the node that owns them, a
    /// group's entries are listed newest first — a join puts its pid (or its list, as a block) in
    /// front, a leave takes away the pid's newest entry — and peers told by join and leave messages
    /// list one owner's entries the same way; a peer that learnt them from a sync lists them as
    /// one block in descending pid order (rule R2). Compare members across nodes as multisets.
    ///
    /// **pg's quirks, reproduced** (rules Q1–Q4): joining an empty list creates an empty group
    /// that `whichGroups` lists; a leave notifies and relays the pids as passed, even those
    /// without an entry; a sync that changes a known group is not notified; a pid of an earlier
    /// incarnation of this node counts as local. **Not reproduced:** OTP 25's scope crash when a
    /// process subscribes and then joins (GH-7625, fixed in OTP 26.2) — here the scope survives.
    ///
    /// ## Costs
    /// Below, p is the number of peer scopes, k the pids of one call, and n a group's entries.
    /// Reads never message anyone and never cost more as a group grows, except the first read
    /// after a write to the group, which builds its list once. Writes never wait for a peer.
    public struct Scope: Sendable {
        /// The scope's name.
        public let name: ScopeName
        /// The node this handle works on: its scope, its table.
        public let node: Node
        private let client: ScopeClient

        /// Scope `name` as seen from `node`. Starts nothing.
        /// - Complexity: O(1).
        public init(_ name: ScopeName = "pg", on node: Node) {
            self.name = name
            self.node = node
            client = ScopeClient(name, node: node)
        }

        /// Starts scope `name` on `node` (pg's `start/1`): it greets the same scope on every
        /// connected node, and on every node that connects later.
        /// - Throws: ``PG/PGError/alreadyStarted(_:_:)`` if the node already runs it.
        /// - Complexity: O(1), plus one `discover` message per connected node.
        @discardableResult
        public static func start(_ name: ScopeName = "pg", on node: Node) throws -> Scope {
            // On a real node, the scope's messages travel in pg's own terms ({join, Peer, …}).
            ErlangShapes.register(PG.Scope.self)
            try PG.Scope.start(name, on: node)
            return Scope(name, on: node)
        }

        /// Stops the scope on this node: its table goes, and its peers drop every entry it had
        /// announced. A new start begins empty (rule S3).
        /// - Complexity: O(1) here; each peer then drops this node's entries, O(entries).
        public func stop() { PG.Scope.stop(name, on: node) }

        /// Whether the scope runs on this node.
        /// - Complexity: O(1).
        public var isRunning: Bool { client.table != nil }

        // MARK: Writes — the local scope, then one message per peer

        /// `join(Scope, Group, Pid)`: one more entry of `pid`, a process of this node (rule J2).
        /// - Throws: ``PG/PGError/notLocal(_:)`` for another node's pid;
        ///   ``Cluster/CallError/noproc(_:)`` if the scope does not run here.
        /// - Complexity: O(1) — one call to the local scope and one message to each of the p
        ///   peers, whatever the group's size (plus O(g) if `pid` is already in g groups).
        public func join(_ group: GroupName, _ pid: Pid) async throws {
            try await client.join(group, .one(pid))
        }

        /// `join(Scope, Group, Pids)`: one more entry for each element of `pids`, in front as a
        /// block. Any non-local pid and nothing is joined (rule J1); `[]` creates an empty group
        /// (quirk Q1).
        /// - Complexity: O(k) for k pids, and one message per peer.
        public func join(_ group: GroupName, _ pids: [Pid]) async throws {
            try await client.join(group, .list(pids))
        }

        /// `leave(Scope, Group, Pid)`: one entry of `pid` less (its newest).
        /// - Returns: ``PG/LeaveResult/notJoined`` if `pid` had no entry in `group` (nothing is
        ///   done then), else ``PG/LeaveResult/ok``.
        /// - Throws: as `join`: ``PG/PGError/notLocal(_:)``, ``Cluster/CallError/noproc(_:)``.
        /// - Complexity: O(g) for the pid's g groups, whatever the group's size; one message per
        ///   peer if something was removed.
        @discardableResult
        public func leave(_ group: GroupName, _ pid: Pid) async throws -> LeaveResult {
            try await client.leave(group, .one(pid))
        }

        /// `leave(Scope, Group, Pids)`: one entry less for each listed pid that still has one.
        /// ``PG/LeaveResult/notJoined`` if none had one (an empty list included).
        /// - Complexity: O(k · g) for k pids in g groups each; one message per peer.
        @discardableResult
        public func leave(_ group: GroupName, _ pids: [Pid]) async throws -> LeaveResult {
            try await client.leave(group, .list(pids))
        }

        // MARK: Reads — this node's table, no message

        /// `get_members(Scope, Group)`: every entry this node knows, newest first (rule R2);
        /// `[]` for an unknown group, or when the scope does not run here.
        /// - Complexity: O(1) when the group was not written since its last read; O(n) for the
        ///   first read after a write.
        public func members(of group: GroupName) -> [Pid] { client.members(of: group) }

        /// `get_local_members(Scope, Group)`: this node's entries, newest first.
        /// - Complexity: as ``members(of:)``.
        public func localMembers(of group: GroupName) -> [Pid] { client.localMembers(of: group) }

        /// `which_groups(Scope)`: every group with a row here, sorted (Q1's empty groups included).
        /// - Throws: ``PG/PGError/notRunning(_:_:)`` if the scope does not run here (pg: `badarg`).
        /// - Complexity: O(1), or O(g log g) after a group appeared or went.
        public func whichGroups() throws -> [GroupName] { try client.whichGroups() }

        /// `which_local_groups(Scope)`: the groups with an entry of this node's, sorted.
        /// - Throws: as ``whichGroups()``.
        /// - Complexity: as ``whichGroups()``.
        public func whichLocalGroups() throws -> [GroupName] { try client.whichLocalGroups() }

        // MARK: Monitors (OTP 25.1)

        /// `monitor_scope(Scope)`, for `subscriber`, a process of this node: the whole table now,
        /// and from then on a notification per change, in the order the scope applies them
        /// (rules M1–M3). Ends when `subscriber` exits, or with ``demonitor(_:)``.
        /// - Complexity: O(entries of the scope), to copy the table once.
        public func monitorScope(for subscriber: Pid) async throws -> Subscription {
            try await client.monitorScope(for: subscriber)
        }

        /// `monitor(Scope, Group)`, for `subscriber`: the group's entries now, and a notification
        /// per change to it.
        /// - Complexity: O(1).
        public func monitor(_ group: GroupName, for subscriber: Pid) async throws -> Subscription {
            try await client.monitor(group, for: subscriber)
        }

        /// `demonitor(Scope, Ref)`: ends the subscription and flushes its notifications still
        /// waiting (rule M4).
        /// - Returns: false if `ref` is no subscription (any more).
        /// - Complexity: O(subscribers of its group + notifications waiting).
        @discardableResult
        public func demonitor(_ ref: MonitorRef) async throws -> Bool { try await client.demonitor(ref) }

        /// Checks the scope's invariants on this node (the tests do after every step). The tests'
        /// hook, not pg's API: visible inside this package only.
        /// - Complexity: O(entries).
        package func checkInvariants() async throws { try await client.checkInvariants() }
    }
}
