import Cluster
import LocalTable
import WorkbookSupport

/// How the cluster of nodes a, b and c is cut, until it is mended.
public enum PGCut: Hashable, Sendable, CustomStringConvertible {
    /// Only the link between two nodes is down; both still see the third node.
    case link(NodeName, NodeName)
    /// One node is cut off from the other two, which still see each other.
    case isolate(NodeName)

    public var description: String {
        switch self {
        case .link(let a, let b): "cut \(a)–\(b)"
        case .isolate(let node): "isolate \(node)"
        }
    }
}

/// A change to group `g` made while the cut lasts. Under pg only a pid's own node can join or
/// leave it, so each write is made on `pid.node`.
public enum PGWrite: Hashable, Sendable, CustomStringConvertible {
    /// The pid gains one entry in g.
    case join(Pid)
    /// The pid loses one entry in g (nothing happens if it has none).
    case leave(Pid)
    /// The process exits.
    case exit(Pid)

    public var description: String {
        switch self {
        case .join(let pid): "join g \(pid)"
        case .leave(let pid): "leave g \(pid)"
        case .exit(let pid): "exit \(pid)"
        }
    }
}

/// What `members(of: "g")` shows on each node, sorted (pg lists entries newest first, and two
/// nodes may order the same entries differently — compare them as sorted lists). A node whose
/// table has no group g is left out.
public typealias NodeViews = [NodeName: [Pid]]

/// ## Exercise 7.3 — What each node sees
///
/// **The situation.** The same chat service as exercise 6.1 has moved from pg2 to pg. Support
/// asks the same question — after a link or a node drops off for a while and people come and
/// go, what does each node list for room `g`, while the cut lasts and after it is mended? — and
/// would like to know whether anomalies A1, A2 and A3 of chapter 6 can still happen.
///
/// **Your task.** Implement ``viewsOfG(before:cut:writes:)``: predict each node's members of
/// `g` (sorted) at two moments: once every write is done and settled while the cut lasts, and
/// once the cut is mended and everything has settled. Edit only this function, and do not run a
/// simulation in it: this is your model of chapter 7.
/// - Before the cut, `before` lists g's entries (a pid once per join, each joined on its own
///   node), and every node agrees.
/// - Every node runs the scope; each write is made on the pid's own node, and runs out before
///   the next.
///
/// The tests pick the cuts and writes — the shapes of anomalies A1–A3 among them — run them in
/// the simulator, and compare every node's list with your prediction.
///
/// **Why it matters in pg.** pg keeps no history and merges nothing: once messages settle, a
/// node shows its own members plus those of every node *directly* connected to it (rules V1 and
/// V2 of Chapters/PGRules.md). That is why pg2's anomalies cannot happen (rule V3).
///
/// **Hints:** `swift run workbook hint 7.3` (three levels).
public func viewsOfG(before: [Pid], cut: PGCut, writes: [PGWrite]) throws -> (
    duringCut: NodeViews, afterMend: NodeViews
) {
    // TODO(7.3): work out, from the links alone, which nodes' entries each node shows.
    throw TODO("7.3: predict what each node lists for g while the cut lasts and after it is mended")
}
