import Anomalies
import Cluster
import ProcessGroups

extension GroupWrites {
    /// Chapter 7's pg, scope `pg`: joins and leaves only — a group needs no create, and is gone
    /// once its last entry is. Play it a script ``Anomalies/AnomalyScript/madeOnTheMembersNode``,
    /// which has no delete and makes every write on the member's own node.
    static let pg = GroupWrites(
        create: { _, _ in },
        delete: { _, group in preconditionFailure("pg has no delete of \(group): play the script on p's node") },
        join: { try await ProcessGroups.Scope(on: $0).join($1, $2) },
        leave: { _ = try await ProcessGroups.Scope(on: $0).leave($1, $2) })
}

/// What each of the two modules compared does with group `g`: how it starts, writes, reads, and
/// plays an anomaly's script.
extension SideBySide.Module {
    /// The module's writes: the final module's pg2, or scope `pg`.
    var writes: GroupWrites { self == .pg ? .pg : .processGroups }

    /// Starts the module on `node`: pg2 (with its lock server) or scope `pg`.
    func start(on node: Node) throws {
        switch self {
        case .pg2: try ProcessGroups.start(on: node)
        case .pg: try ProcessGroups.Scope.start(on: node)
        }
    }

    /// `anomaly`'s script in its side-by-side cast, as this module plays it: pg2 as written; pg
    /// with every write made on p's own node. O(writes).
    func script(of anomaly: PG2Anomaly) -> AnomalyScript {
        let script = anomaly.script(.sideBySide)
        return self == .pg ? script.madeOnTheMembersNode : script
    }

    /// What the module lists everywhere when consistent, given what the writes `left`: pg has no
    /// group without entries.
    func listed(_ left: [Pid]?) -> [Pid]? {
        self == .pg && left?.isEmpty == true ? nil : left?.sorted()
    }

    /// `node`'s members of g, sorted; nil if it has no group g.
    func view(_ node: Node) -> [Pid]? {
        switch self {
        case .pg2:
            let pg2 = ProcessGroups(node: node)
            return pg2.whichGroups().contains("g") ? ((try? pg2.members(of: "g")) ?? []) : nil
        case .pg:
            let pg = ProcessGroups.Scope(on: node)
            return ((try? pg.whichGroups()) ?? []).contains("g") ? pg.members(of: "g").sorted() : nil
        }
    }

    /// Nil if every node lists `expected` as g's members (nil: no group g); else what each lists,
    /// e.g. `expected [] everywhere; a: [<c.1>]   b: []   c: []`.
    func disagreement(on nodes: [Node], expected: [Pid]?) -> String? {
        let views = nodes.map { ($0.name, view($0)) }
        guard views.contains(where: { $0.1 != expected }) else { return nil }
        let shown = views.map { "\($0.0): \(Self.show($0.1))" }.joined(separator: "   ")
        return "expected \(Self.show(expected)) everywhere; \(shown)"
    }

    static func show(_ members: [Pid]?) -> String {
        members.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "no group g"
    }
}
