import Cluster
import ProcessGroups

/// Demos of OTP's pg (chapter 7): pg2's anomaly scenarios, and OTP's otp_8653, run on pg's scopes
/// — the pg column of the side-by-side table (``SideBySide``).
extension DemoCatalog {
    /// A pg run of `scenario` in `context`'s simulation.
    static func pgRun(_ context: DemoContext) -> SideBySide.Run {
        SideBySide.Run(module: .pg, seed: context.sim.seed, context: context)
    }

    static let pgA1 = Demo("pg-a1", "A1 under pg: a group emptied during a partition stays gone after the heal") {
        context in
        let run = pgRun(context)
        _ = try await run.play(.a1)
        let nodes = run.nodeNames.compactMap { context.sim.node($0) }
        let syncs = context.count(since: "heal", where: messages("Scope.sync("))
        context.tell(
            "Three nodes, a, b and c, run scope pg, and a process on a is the one member of group g. The network "
                + "cuts c off, and a's process leaves g — under pg a group is nothing but its entries, so g is "
                + "gone on a and b; c had already dropped everything a reported when it lost a's scope. Then the "
                + "network heals. Look after the ⚡ heal for the discover casts and the \(syncs) sync casts: each "
                + "scope sends only its own node's members, and nobody has any in g. There is no delete to undo "
                + "and no table to merge, so " + agreementOnG(run, nodes) + ": pg2's A1 cannot happen.")
    }

    static let pgA2 = Demo("pg-a2", "A2 under pg: a leave during a cut link stays done after the mend") { context in
        let run = pgRun(context)
        _ = try await run.play(.a2)
        let nodes = run.nodeNames.compactMap { context.sim.node($0) }
        let syncs = context.count(since: "mend a–b", where: messages("Scope.sync("))
        context.tell(
            "Three nodes, a, b and c, run scope pg; a process on c is in group g. Only the a–b link is cut. Under "
                + "pg2 a leave made from a reached a and c only, and b's table brought the member back to a after "
                + "the mend. Under pg only c can make the leave, and c still reaches both a and b: look for its two "
                + "leave casts. After the ⚡ reconnect, a and b exchange \(syncs) sync casts, each carrying only its "
                + "own node's members — never c's — so nothing comes back: " + agreementOnG(run, nodes) + ".")
    }

    static let pgA3 = Demo("pg-a3", "A3 under pg: two joins during a cut link count two on every node") { context in
        let run = pgRun(context)
        _ = try await run.play(.a3)
        let nodes = run.nodeNames.compactMap { context.sim.node($0) }
        let joins = context.count(since: "cut a–b", where: messages("Scope.join("))
        context.tell(
            "Three nodes, a, b and c, run scope pg; a process on c joins group g twice while the a–b link is cut. "
                + "Under pg2 one join came from a and one from b, and after the mend a and b merged their counts "
                + "as max(1, 1). Under pg both joins are c's own, and c relays each to both a and b (the \(joins) "
                + "join casts). The mend's syncs carry only a's and b's own members, so no count is merged or "
                + "guessed: " + agreementOnG(run, nodes) + ".")
    }

    static let pgHeal = Demo(
        "pg-heal", "otp_8653 under pg: a 2+2 partition heals with all eight entries on every node"
    ) { context in
        let run = pgRun(context)
        _ = try await run.play(.otp8653)
        let nodes = run.nodeNames.compactMap { context.sim.node($0) }
        let discovers = context.count(since: "heal", where: messages("Scope.discover("))
        let syncs = context.count(since: "heal", where: messages("Scope.sync("))
        context.tell(
            "Four nodes, a, b, c and d, run scope pg. The network is cut into {a, b} and {c, d}, and every node "
                + "joins a process of its own to g twice; each scope relays its joins to the peers it still has. "
                + "Then the network heals. Look after the ⚡ heal: the nodeup notes, then \(discovers) discover "
                + "casts and \(syncs) sync casts between the nodes that had lost each other — each sync carries its "
                + "sender's own two entries, which the receiver puts in front of its list — and the monitor "
                + "messages as the scopes watch each other again. In the end " + agreementOnG(run, nodes)
                + " (sorted here: each node keeps its own order, newest first).")
    }

    /// `all three list [...]`, or who lists what, of g as the run sees it.
    static func agreementOnG(_ run: SideBySide.Run, _ nodes: [Node]) -> String {
        if nodes.allSatisfy({ run.view($0) == nil }) { return "no node has a group g" }
        return agreement(on: nodes) { node in
            run.view(node).map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "no group g"
        }
    }
}
