import Cluster
import LocalTable
import WorkbookSupport

/// One step in the life of a chapter-5 cluster: a pg2 write made from a node, or one link cut or
/// mended.
public enum Step: Hashable, Sendable, CustomStringConvertible {
    /// `create(name)`, called on node `from`.
    case create(GroupName, from: NodeName)
    /// `delete(name)`, called on node `from`.
    case delete(GroupName, from: NodeName)
    /// `join(name, pid)`, called on node `from`.
    case join(GroupName, Pid, from: NodeName)
    /// `leave(name, pid)`, called on node `from`.
    case leave(GroupName, Pid, from: NodeName)
    /// The link between two nodes goes down (both still see every other node).
    case cut(NodeName, NodeName)
    /// That link comes back.
    case mend(NodeName, NodeName)

    public var description: String {
        switch self {
        case .create(let name, let from): "create \(name) from \(from)"
        case .delete(let name, let from): "delete \(name) from \(from)"
        case .join(let name, let pid, let from): "join \(name) \(pid) from \(from)"
        case .leave(let name, let pid, let from): "leave \(name) \(pid) from \(from)"
        case .cut(let a, let b): "cut \(a)–\(b)"
        case .mend(let a, let b): "mend \(a)–\(b)"
        }
    }
}

/// ## Exercise 5.1 — Where a write lands
///
/// **The situation.** A game studio runs its lobbies on four nodes, one pg2 group per lobby,
/// and the links between some nodes flap during a bad afternoon. Afterwards the nodes disagree
/// about which lobbies exist and who is in them, and nobody can say whether that is a bug. It is
/// not: every disagreement follows from a few rules about where a pg2 write goes and what each
/// server does with it. Knowing them, you can say from the list of what happened what every node
/// lists now — without running anything.
///
/// **Your task.** Implement ``predictTables(of:after:)``: given the cluster's `nodes`, all
/// connected at first and with no group anywhere, and the `steps` that happened, one after
/// another, predict every node's table at the end: for each node, each group it has, mapped to
/// what `members(of:)` returns there (sorted, a pid once per join). Edit only this function, and
/// do not run a simulation in it: this is your model of chapter 5.
/// - Every node runs chapter 3's ``SingleNodeServer/PG2Server`` and a lock server, and every
///   write goes through ``Replication/ReplicatedPG2`` — chapter 5, with no exchange of tables
///   between nodes (that is chapter 6): a mended link brings no node up to date.
/// - A write that throws (``LocalTable/PG2Error/noSuchGroup(_:)``) is simply over; the next
///   step follows.
/// - All pids in the steps live on a node that is never cut off, so no node ever loses a member
///   because it lost the member's node.
///
/// The tests draw the steps — creates, deletes, joins, leaves, cuts and mends in many orders —
/// run them in the simulator, and compare every node's table with your prediction.
///
/// **Why it matters in pg2.** pg2 does not replicate a table; it repeats each write on every node
/// the caller sees (`global:trans` around `gen_server:multi_call`), and each node's server decides
/// alone what the write means for its own table (`handle_call`). Rules 1–4 and 9 of
/// Chapters/PG2Rules.md, and anomaly A5, are the whole model.
///
/// **Hints:** `swift run workbook hint 5.1` (three levels).
public func predictTables(of nodes: [NodeName], after steps: [Step]) throws -> [NodeName: [GroupName: [Pid]]] {
    // TODO(5.1): keep a table per node; decide for each step which nodes it reaches and what each does.
    throw TODO("5.1: predict every node's groups and members after the steps")
}
