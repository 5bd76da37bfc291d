import Cluster
import ProcessGroups

/// The writes and reads of group `g` on one of the two modules compared (``SideBySide/Module``),
/// for scenarios that hold no simulation of their own (the explorer's, ``Explorations``).
struct GroupWrites: Sendable {
    let module: SideBySide.Module

    /// Starts the module on `node`: pg2 (with its lock server) or scope `pg`.
    func start(on node: Node) throws {
        switch module {
        case .pg2: try ProcessGroups.start(on: node)
        case .pg: try ProcessGroups.Scope.start(on: node)
        }
    }

    /// pg2's `create`; nothing for pg, whose groups need none.
    func create(from node: Node) async throws {
        if module == .pg2 { try await ProcessGroups(node: node).create("g") }
    }

    /// A join of `pid` to g, made on `node` (pg: it must be `pid`'s own).
    func join(_ pid: Pid, from node: Node) async throws {
        switch module {
        case .pg2: try await ProcessGroups(node: node).join("g", pid)
        case .pg: try await ProcessGroups.Scope(on: node).join("g", pid)
        }
    }

    /// A leave of `pid` from g, made on `node`.
    func leave(_ pid: Pid, from node: Node) async throws {
        switch module {
        case .pg2: try await ProcessGroups(node: node).leave("g", pid)
        case .pg: _ = try await ProcessGroups.Scope(on: node).leave("g", pid)
        }
    }

    /// `node`'s members of g, sorted; nil if it has no group g.
    func view(_ node: Node) -> [Pid]? {
        switch module {
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
