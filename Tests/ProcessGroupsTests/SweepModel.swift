import ProcessGroups

/// What pg2 promises every node's table holds after each step of a sweep scenario, computed from
/// Chapters/PG2Rules.md alone — no pg2 code — so the sweep can compare the real tables against it.
///
/// It is exact only for the scenarios the sweep builds: connectivity stays transitive (clean
/// partitions and heals, crashes, restarts — never a single cut link, which is what A2/A3 need),
/// the simulation is quiesced after every step (no DOWN or exchange in flight when the next step
/// starts, so no A4 race), and writes that run concurrently within a step touch different groups
/// (so their order does not matter). Under those conditions the rules give:
/// - a write from n changes every node n sees, each only if it has the group (rules 1–4, 9);
/// - a node lists no pid that is dead or on a node it cannot reach (rules 11–13);
/// - after connections come up, every node of a connected set holds every group any of them held,
///   and each pid with its highest count among them (rule 14: union of groups, max of counts).
struct SweepModel {
    /// Each live node's table: group → pid → count (a group with no members maps to `[:]`).
    var tables: [NodeName: [GroupName: [Pid: Int]]] = [:]

    /// One of pg2's writes.
    enum Write: Sendable, CustomStringConvertible {
        case create(GroupName), delete(GroupName), join(GroupName, Pid), leave(GroupName, Pid)

        var group: GroupName {
            switch self {
            case .create(let g), .delete(let g), .join(let g, _), .leave(let g, _): g
            }
        }

        var description: String {
            switch self {
            case .create(let g): "create(\(g))"
            case .delete(let g): "delete(\(g))"
            case .join(let g, let p): "join(\(g), \(p))"
            case .leave(let g, let p): "leave(\(g), \(p))"
            }
        }
    }

    /// The error `write` must throw when called on `node` now: join and leave of a group the
    /// caller lacks throw `noSuchGroup` (rules 3–4); create and delete never throw.
    func expectedError(of write: Write, on node: NodeName) -> PG2Error? {
        switch write {
        case .create, .delete: nil
        case .join(let g, _), .leave(let g, _): tables[node]?[g] == nil ? .noSuchGroup(g) : nil
        }
    }

    /// Applies a write made on `node`, which sees `block` (itself included).
    mutating func apply(_ write: Write, on node: NodeName, block: [NodeName]) {
        guard expectedError(of: write, on: node) == nil else { return }  // no lock, no call
        if case .create(let g) = write, tables[node]?[g] != nil { return }  // rule 1: nothing sent
        for m in block where tables[m] != nil {
            switch write {
            case .create(let g):
                if tables[m]![g] == nil { tables[m]![g] = [:] }
            case .delete(let g):
                tables[m]![g] = nil
            case .join(let g, let p):
                guard tables[m]![g] != nil else { continue }  // A5: a server without g skips it
                tables[m]![g]![p, default: 0] += 1
            case .leave(let g, let p):
                guard let count = tables[m]![g]?[p] else { continue }  // not a member: no change
                tables[m]![g]![p] = count > 1 ? count - 1 : nil
            }
        }
    }

    /// Rules 11–13: every node drops the pids that are not `alive` or that it cannot reach.
    mutating func dropUnreachable(alive: Set<Pid>, canReach: (NodeName, NodeName) -> Bool) {
        for node in tables.keys.sorted() {
            for group in tables[node]!.keys.sorted() {
                tables[node]![group] = tables[node]![group]!.filter { pid, _ in
                    alive.contains(pid) && canReach(node, pid.node)
                }
            }
        }
    }

    /// Rule 14: within each connected set of nodes, every node ends with the union of groups and,
    /// per pid, the highest count any of them had.
    mutating func merge(_ components: [[NodeName]]) {
        for component in components {
            var merged: [GroupName: [Pid: Int]] = [:]
            for node in component {
                for (group, counts) in tables[node] ?? [:] {
                    merged[group, default: [:]].merge(counts) { max($0, $1) }
                }
            }
            for node in component where tables[node] != nil { tables[node] = merged }
        }
    }

    /// `which_groups()` on `node`.
    func groups(on node: NodeName) -> [GroupName] { (tables[node] ?? [:]).keys.sorted() }

    /// `get_members(group)` on `node`: each pid repeated by its count, sorted.
    func members(of group: GroupName, on node: NodeName) -> [Pid]? {
        tables[node]?[group].map { counts in
            counts.keys.sorted().flatMap { Array(repeating: $0, count: counts[$0]!) }
        }
    }
}
