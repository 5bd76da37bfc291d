import Cluster
import WorkbookSupport

/// ## Exercise 6.4 — The order that breaks it
///
/// **The situation.** A ride-hailing backend keeps a pg2 group `g` of the drivers' session
/// processes on three nodes, a, b and c. An on-call engineer writes in the incident notes: "a driver
/// logged off during a network blip, and an hour later node a still listed them; b and c did not.
/// Nobody wrote anything while the link was cut." Seeds and sleeps will not find that timing
/// for you; the interleaving explorer can: it tries the orders in which the messages in flight can
/// arrive and the moments at which a fault can strike, and prints the shortest one that breaks
/// your invariant.
///
/// **Your task.** Write ``raceScenario(on:)``: an ``Cluster/ExplorerScenario`` over `pg2` whose
/// invariant holds when every message is delivered oldest-first, and which the explorer breaks
/// with one or two deviations — the order, and only the order, breaks it. Edit only this function.
/// - In the set-up (`setUp`, given the simulation and the nodes a, b, c), start `pg2` on every
///   node with `pg2.start`, write only through `pg2`, and leave the cluster as the incident found
///   it: run the set-up's writes with `sim.run { … }` and cut links with `sim.disconnect`.
/// - Return a ``Cluster/ExplorerScenario/Plan``: the write the engineer's notes describe as an
///   operation, the mend as an offered fault (``Cluster/ExplorerScenario/Fault/reconnect(_:_:)``),
///   and an invariant that returns nil when every node lists what the writes left, and says what
///   each node lists when they do not.
/// - Keep every process you spawn alive until the invariant has run (capture it in the invariant).
///
/// The tests run the explorer on the workbook's pg2 (its oldest-first run must pass; a violation
/// must be found within two deviations) and on a planted pg2 that never exchanges tables on
/// `nodeup`, which no order of messages can break this way (none may be found).
///
/// **Why it matters in pg2.** The exchange on `nodeup` is a cast outside the global lock (anomaly
/// A4 of Chapters/PG2Rules.md): a table sent before a leave reached its sender can arrive after
/// the leave reached its receiver, and `store/1` puts the member back. It is not a partition bug
/// — a leave made from a node that sees everyone still loses — and no test with fixed delays finds
/// it reliably. A search over orders finds the shortest one, and then it is a test you can replay.
///
/// **Hints:** `swift run workbook hint 6.4` (three levels).
public func raceScenario(on pg2: PG2Subject) throws -> ExplorerScenario {
    // The leave is made from c, which sees both a and b, so it reaches every node: oldest-first,
    // the mend comes after it and the tables agree. Made from a (which cannot see b) it would be
    // A2, broken in every order — and by a pg2 that never exchanges just as well.
    ExplorerScenario("leave-meets-mend", "c leaves p from g while a–b may be mended", nodes: ["a", "b", "c"]) {
        sim, nodes in
        for node in nodes { try pg2.start(node) }
        let c = nodes[2]
        let p = c.spawnProcess()
        try await sim.run {
            try await pg2.create("g", c)
            try await pg2.join("g", p.id, c)
        }
        sim.disconnect("a", "b")
        return .init(
            operations: [.init("c leaves p from g") { try await pg2.leave("g", p.id, c) }],
            faults: [.reconnect("a", "b")],
            invariant: {
                withExtendedLifetime(p) {
                    let views = nodes.map { node in
                        "\(node.name): \((try? pg2.members("g", node)).map { "\($0)" } ?? "no g")"
                    }
                    let agree = nodes.allSatisfy { (try? pg2.members("g", $0)) == [] }
                    return agree ? nil : "g should be empty everywhere; " + views.joined(separator: "   ")
                }
            })
    }
}
