import Cluster
import LocalTable
import WorkbookSupport

/// How the cluster of nodes a, b and c is cut, until it is mended.
public enum Cut: Hashable, Sendable, CustomStringConvertible {
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

/// A pg2 write on the group `g`, made from one node while the cut lasts.
public enum GroupWrite: Hashable, Sendable, CustomStringConvertible {
    case create(from: NodeName)
    case delete(from: NodeName)
    case join(Pid, from: NodeName)
    case leave(Pid, from: NodeName)

    public var description: String {
        switch self {
        case .create(let from): "create g from \(from)"
        case .delete(let from): "delete g from \(from)"
        case .join(let pid, let from): "join g \(pid) from \(from)"
        case .leave(let pid, let from): "leave g \(pid) from \(from)"
        }
    }
}

/// ## Exercise 6.1 — After the mend
///
/// **The situation.** A chat service runs on three nodes, a, b and c, and room `g` is a pg2
/// group of the members' session processes. A link fails, or a whole node drops off the network,
/// for a few minutes; people join and leave the room, an admin may even delete it. Then the
/// network is mended, the pg2 servers exchange their tables, and the room's member list is what
/// it is. Support wants to know, from the log of what happened, what each node lists — before
/// users report it.
///
/// **Your task.** Implement ``membersAfterTheMend(before:cut:writes:)``: predict what
/// `members(of: "g")` returns on each of a, b and c once the cut is mended and every exchange is
/// done. Leave out a node that has no group `g` then. Edit only this function, and do not run a
/// simulation in it: this is your model of chapters 5 and 6.
/// - Before the cut, every node has `g` with the members `before` (sorted, a pid once per join).
/// - Every node runs the complete pg2 (chapter 6's ``ExchangeServer`` and a lock server); each
///   write goes through ``Replication/ReplicatedPG2``, and a write that throws
///   ``LocalTable/PG2Error/noSuchGroup(_:)`` is simply over.
/// - Each pid lives on one of the three nodes: `pid.node`. A node that cannot reach a pid's node
///   is told by its monitor that the pid is gone (`noconnection`) — whenever that is.
/// - Every write, and everything it causes, is over before the next one; after the last write
///   the cut is mended, and everything runs out.
///
/// The tests pick the cuts and writes — the anomalies of Chapters/PG2Rules.md among them — run
/// them in the simulator, and compare every node's list with your prediction.
///
/// **Why it matters in pg2.** A partition in pg2 is not a pause: each side keeps writing to the
/// nodes it sees (rule 9), each node forgets the members it cannot reach (rule 12), and the
/// exchange on `nodeup` merges only between the two ends of each mended link, by `store/1`,
/// which only ever adds (rule 14). Anomalies A1–A3 are what that adds up to.
///
/// **Hints:** `swift run workbook hint 6.1` (three levels).
public func membersAfterTheMend(before members: [Pid], cut: Cut, writes: [GroupWrite]) throws -> [NodeName: [Pid]] {
    // g's members per node, as counts; a missing key is a node without g. During the cut each
    // write reaches the caller and what it sees, and every node forgets the members it cannot
    // reach. At the mend only the two ends of each mended link exchange, and store/1 adds: the
    // groups' union, each pid at the larger count.
    let nodes: [NodeName] = ["a", "b", "c"]
    func connected(_ x: NodeName, _ y: NodeName) -> Bool {
        switch cut {
        case .link(let p, let q): Set([x, y]) != Set([p, q])
        case .isolate(let lone): x == y || (x != lone && y != lone)
        }
    }
    var tables: [NodeName: [Pid: Int]] = [:]
    for node in nodes { tables[node] = members.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
    func forgetTheUnreachable() {
        for node in nodes { tables[node] = tables[node]?.filter { connected(node, $0.key.node) } }
    }
    forgetTheUnreachable()
    for write in writes {
        switch write {
        case .create(let caller):
            guard tables[caller] == nil else { break }
            for node in nodes where connected(caller, node) && tables[node] == nil { tables[node] = [:] }
        case .delete(let caller):
            for node in nodes where connected(caller, node) { tables[node] = nil }
        case .join(let pid, let caller):
            guard tables[caller] != nil else { break }
            for node in nodes where connected(caller, node) && tables[node] != nil {
                tables[node]![pid, default: 0] += 1
            }
        case .leave(let pid, let caller):
            guard tables[caller] != nil else { break }
            for node in nodes where connected(caller, node) {
                guard let count = tables[node]?[pid] else { continue }
                tables[node]![pid] = count > 1 ? count - 1 : nil
            }
        }
        forgetTheUnreachable()
    }
    let cutTables = tables
    for node in nodes {
        for peer in nodes where !connected(node, peer) {
            guard let theirs = cutTables[peer] else { continue }
            tables[node] = (tables[node] ?? [:]).merging(theirs, uniquingKeysWith: max)
        }
    }
    return tables.mapValues { counts in counts.keys.sorted().flatMap { Array(repeating: $0, count: counts[$0]!) } }
}
