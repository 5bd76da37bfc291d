import Cluster
import GlobalLock
import WorkbookSupport

/// Two nodes, in either order: a link of the cluster.
public struct Link: Hashable, Sendable, CustomStringConvertible {
    public let ends: Set<NodeName>

    public init(_ a: NodeName, _ b: NodeName) { ends = [a, b] }

    public var description: String { ends.sorted().map(\.rawValue).joined(separator: "–") }
}

/// A cluster's shape: its nodes, every pair of them connected except across the links cut.
public struct Topology: Hashable, Sendable, CustomStringConvertible {
    public var nodes: [NodeName]
    public var cuts: Set<Link>

    public init(nodes: [NodeName], cuts: Set<Link> = []) {
        self.nodes = nodes
        self.cuts = cuts
    }

    /// Whether `a` and `b` are two different nodes whose link is not cut.
    public func isConnected(_ a: NodeName, _ b: NodeName) -> Bool {
        a != b && nodes.contains(a) && nodes.contains(b) && !cuts.contains(Link(a, b))
    }

    public var description: String {
        "nodes \(nodes.map(\.rawValue).joined(separator: ", ")), "
            + (cuts.isEmpty ? "nothing cut" : "cut " + cuts.map(\.description).sorted().joined(separator: ", "))
    }
}

/// ## Exercise 4.2 — Two holders at once?
///
/// **The situation.** A job queue runs on five nodes in two racks. One afternoon some links
/// between the racks fail — not all of them. Two schedulers, on two different nodes, both run
/// `global:trans` on the queue's lock, and the on-call engineer must answer quickly: could both
/// have been inside the critical section at the same time? "They could not see each other" is
/// not the answer: sometimes they could both hold the lock, and sometimes a third node kept
/// them apart.
///
/// **Your task.** Implement ``canBothHold(_:_:in:)``: predict, without running anything,
/// whether a `trans` started on node `x` and one started on node `y` at the same moment can both
/// be inside the lock at once in the cluster `topology`. Edit only this function.
/// - Both call ``GlobalLock/Global/trans(_:requester:on:retries:_:)`` on one resource with its
///   defaults: each locks the nodes *it* can see, and each is its own requester.
/// - Their bodies last a while (100 ms), so if both can be granted at once, both will be.
///
/// The tests pick the topologies and the pairs — partitions, single cut links, rings — run the two
/// transactions in the simulator, and compare what happened with your prediction.
///
/// **Why it matters in pg2.** global's lock is not a quorum: `trans` locks `[node() | nodes()]`,
/// the caller's node and whatever it is connected to at that moment, and each lock server
/// (`global_name_server`) knows only its own table. Mutual exclusion between two callers rests on
/// the nodes *both* of them ask. When no such node exists, two pg2 writes to one group run at
/// once — the start of anomalies A1–A3 of Chapters/PG2Rules.md.
///
/// **Hints:** `swift run workbook hint 4.2` (three levels).
public func canBothHold(_ x: NodeName, _ y: NodeName, in topology: Topology) throws -> Bool {
    // Each transaction locks its own node and every node it sees. A node in both sets grants
    // the lock to one requester at a time, so it keeps them apart; with no such node, nothing
    // does — even if the two are not a clean partition apart.
    func targets(of node: NodeName) -> Set<NodeName> {
        Set([node] + topology.nodes.filter { topology.isConnected(node, $0) })
    }
    return targets(of: x).isDisjoint(with: targets(of: y))
}
