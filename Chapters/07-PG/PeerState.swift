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
/// Each peer's lists are kept in pg's order: relayed joins prepend, relayed leaves remove the
/// newest entry, a sync replaces the list as sent.
public struct PeerState: Sendable, Equatable {
    /// The monitor on the peer's scope: its DOWN drops everything below (rule D6).
    public let ref: MonitorRef
    /// The peer's groups and their entries, as the peer reported them.
    public var groups: [GroupName: [Pid]]
    /// Whether this scope has sent the peer its own state (a sync). Until then it relays none of
    /// its joins and leaves to the peer: they will travel in that sync. See rule D7.
    public var told: Bool

    public init(ref: MonitorRef, groups: [GroupName: [Pid]] = [:], told: Bool = false) {
        self.ref = ref
        self.groups = groups
        self.told = told
    }

    /// pg's `join_remote`: the peer's `pids` go in front of its list for `group`.
    public mutating func join(_ group: GroupName, _ pids: [Pid]) {
        groups[group] = pids + (groups[group] ?? [])
    }

    /// pg's `leave_remote`: for each of `groups`, the list loses one entry per pid in `pids`
    /// (Erlang's `--`), and a list left empty goes.
    /// - Throws: ``UnannouncedGroup`` for a group the peer never reported — pg's `maps:get`
    ///   fails there with `{badkey, Group}` and the scope crashes (rule D7).
    public mutating func leave(_ pids: [Pid], from groups: [GroupName]) throws(UnannouncedGroup) {
        for group in groups {
            guard var list = self.groups[group] else { throw UnannouncedGroup(group: group) }
            for pid in pids {
                if let index = list.firstIndex(of: pid) { list.remove(at: index) }
            }
            self.groups[group] = list.isEmpty ? nil : list
        }
    }
}

/// A peer's `leave` named a group it never announced: pg's `{badkey, Group}` (rule D7 of
/// Chapters/PGRules.md). Correct pg nodes never send one; a scope that receives one crashes.
public struct UnannouncedGroup: Error, Hashable, Sendable, CustomStringConvertible {
    public let group: GroupName
    public init(group: GroupName) { self.group = group }
    public var description: String { "{badkey, \(group)}" }
}
