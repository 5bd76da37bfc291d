import Cluster
import LocalTable

/// What a scope knows of one peer — the same scope on another node: the monitor it holds on the
/// peer's scope, and the groups and pids that peer reported (pg's `remote` map,
/// `#{Peer => {MRef, #{Group => Pids}}}`).
///
/// This is what makes pg's sync a *replacement*. The table mixes every node's entries; this
/// record keeps each peer's share apart, exactly as the peer reported it (its last sync, plus
/// the joins and leaves it relayed since, rule D5 of Chapters/PGRules.md). So when the peer
/// reports again, the scope knows precisely which entries to take out and which to put in
/// (``ScopeState/sync(from:groups:monitoring:)``), and when the peer is lost, precisely which
/// entries to drop (rule D6) — without asking anyone else and without merging anything.
///
/// Each peer's lists follow pg's order — relayed joins go in front, relayed leaves remove the
/// newest entry, a sync replaces the list as sent — but are *stored* oldest first, the reverse of
/// pg's list. Erlang's `Pids ++ List` copies only `Pids`; a Swift array prepend would copy the
/// whole list, making every relayed join cost the group's size. Stored reversed, a join appends.
///
/// - Complexity: ``join(_:_:)`` O(k) amortised for k pids, whatever the group's size;
///   ``leave(_:from:)`` O(d) per pid and group, for the d entries newer than the pid's newest one
///   (O(1) for the newest, O(n) at most — pg's `--` is O(n)); ``entries(of:)`` and ``groups``
///   O(n) per group, as they build pg's order.
public struct PeerState: Sendable, Equatable {
    /// The monitor on the peer's scope: its DOWN drops everything below (rule D6).
    public let ref: MonitorRef
    /// The peer's groups and their entries as the peer reported them, each list oldest first.
    private var reported: [GroupName: [Pid]]
    /// Whether this scope has sent the peer its own state (a sync). Until then it relays none of
    /// its joins and leaves to the peer: they will travel in that sync. See rule D7.
    public var told: Bool

    /// A peer known by the monitor `ref`, with the groups it reported (in pg's order, newest
    /// first) and whether it has our sync. O(entries).
    public init(ref: MonitorRef, groups: [GroupName: [Pid]] = [:], told: Bool = false) {
        self.ref = ref
        self.reported = groups.mapValues { Array($0.reversed()) }
        self.told = told
    }

    /// The peer's groups and their entries, in pg's order (newest first), as the peer reported
    /// them. Setting it replaces everything: what a sync does. O(entries) to read or to set.
    public var groups: [GroupName: [Pid]] {
        get { reported.mapValues { Array($0.reversed()) } }
        set { reported = newValue.mapValues { Array($0.reversed()) } }
    }

    /// The peer's entries in `group`, newest first; nil if it reported none. O(n) for n entries.
    public func entries(of group: GroupName) -> [Pid]? { reported[group].map { Array($0.reversed()) } }

    /// The groups the peer reported, in no particular order. O(1).
    public var groupNames: Dictionary<GroupName, [Pid]>.Keys { reported.keys }

    /// pg's `join_remote`: the peer's `pids` go in front of its list for `group` — at the end of
    /// the stored list, `pids[0]` last. O(k) amortised for k pids.
    public mutating func join(_ group: GroupName, _ pids: [Pid]) {
        reported[group, default: []].append(contentsOf: pids.reversed())
    }

    /// pg's `leave_remote`: for each of `groups`, the list loses one entry per pid in `pids`
    /// (Erlang's `--`: each pid's first entry in pg's order, its newest), and a list left empty
    /// goes. O(d) per pid and group, for the d entries newer than the one removed.
    /// - Throws: ``UnannouncedGroup`` for a group the peer never reported — pg's `maps:get`
    ///   fails there with `{badkey, Group}` and the scope crashes (rule D7).
    public mutating func leave(_ pids: [Pid], from groups: [GroupName]) throws(UnannouncedGroup) {
        for group in groups {
            guard reported[group] != nil else { throw UnannouncedGroup(group: group) }
            for pid in pids {
                if let index = reported[group]!.lastIndex(of: pid) { reported[group]!.remove(at: index) }
            }
            if reported[group]!.isEmpty { reported[group] = nil }
        }
    }
}

/// A peer's `leave` named a group it never announced: pg's `{badkey, Group}` (rule D7 of
/// Chapters/PGRules.md). Correct pg nodes never send one; a scope that receives one crashes.
public struct UnannouncedGroup: Error, Hashable, Sendable, CustomStringConvertible {
    public let group: GroupName
    /// O(1).
    public init(group: GroupName) { self.group = group }
    public var description: String { "{badkey, \(group)}" }
}
