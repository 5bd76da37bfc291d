import Cluster
import Exchange
import LocalTable

/// The four messages scopes send each other, in pg's own terms — ready to be put on Erlang's wire
/// as `{discover, Peer}`, `{'$gen_cast', {sync, Peer, Groups}}`, `{join, Peer, Group, PidOrPids}`
/// and `{leave, Peer, PidOrPids, Groups}`.
///
/// `peer` is always the *sender*'s scope: pg's `self()` of the scope process. Here it is the
/// scope's registered pid (`<a.chat>` for scope `chat` on node a).
public enum ScopeMessage: Hashable, Sendable, Codable, CustomStringConvertible {
    /// "I run this scope too; tell me what you have." Sent at start to every connected node and
    /// on every `nodeup` (rule D1), and back to a scope that discovered us first (rule D2).
    case discover(peer: Pid)
    /// "Here is everything of mine": every group with this node's entries in it (pg's
    /// `all_local_pids`). It *replaces* all the receiver knew from the sender (rule D3).
    case sync(peer: Pid, groups: [GroupSnapshot])
    /// "These pids of mine joined `group`" — relayed after a local join.
    case join(peer: Pid, group: GroupName, pids: PidOrPids)
    /// "These pids of mine left `groups`" — relayed after a local leave (one group) or a
    /// member's exit (every group it was in, once per entry).
    case leave(peer: Pid, pids: PidOrPids, groups: [GroupName])

    /// The sender's scope.
    public var peer: Pid {
        switch self {
        case .discover(let peer), .sync(let peer, _), .join(let peer, _, _), .leave(let peer, _, _): peer
        }
    }

    public var description: String {
        switch self {
        case .discover(let peer): "{discover, \(peer)}"
        case .sync(let peer, let groups):
            "{sync, \(peer), ["
                + groups.map { "{\($0.name), \(PidOrPids.list($0.members))}" }
                .joined(separator: ", ") + "]}"
        case .join(let peer, let group, let pids): "{join, \(peer), \(group), \(pids)}"
        case .leave(let peer, let pids, let groups): "{leave, \(peer), \(pids), [\(groups.joined(separator: ", "))]}"
        }
    }
}

/// A message a scope's handler wants sent: to the scope `to` (a peer's registered pid).
public struct Outgoing: Hashable, Sendable, CustomStringConvertible {
    public let to: Pid
    public let message: ScopeMessage

    /// O(1).
    public init(to: Pid, _ message: ScopeMessage) {
        self.to = to
        self.message = message
    }

    public var description: String { "\(message) → \(to)" }
}
