import Anomalies
import Cluster
import ProcessGroups
import Synchronization

/// Demos of pg2's anomalies A1–A3: what its union-merge does after a partition. Each narrates
/// the one definition of its scenario, `Anomalies.PG2Anomaly`, which the tests replay.
extension DemoCatalog {
    static func groups(on nodes: [Node]) -> String {
        nodes.map { "\($0.name): [\(ProcessGroups(node: $0).whichGroups().joined(separator: ", "))]" }
            .joined(separator: "   ")
    }

    static let anomalyA1 = Demo("anomaly-a1", "A1: a group deleted during a partition comes back after the heal") {
        context in
        let nodes = try cluster(context, ["a", "b"], then: "Then a creates group old.")
        try await PG2Anomaly.a1.run(context.sim, on: nodes, writes: .processGroups) { moment, _ in
            switch moment {
            case .setUp:
                context.phase(
                    "partition",
                    "Cut a off from b; then a deletes group old. The delete locks and updates the only node a can "
                        + "reach: a itself. a calls its own servers directly, so all the trace shows is the exit of "
                        + "the process that held the lock.")
            case .written:
                context.say("after the delete, only a has lost old: " + groups(on: nodes))
                context.phase(
                    "heal",
                    "Mend the link. a and b hear nodeup and exchange tables: b's lists old, and a's merge only ever "
                        + "adds.")
            case .mended:
                context.say("after the heal, old is back on a: " + groups(on: nodes))
                context.tell(
                    "Two nodes, a and b, run pg2 with group old. The network is cut between them, and a deletes "
                        + "old: the delete can lock and update only a, so b still has it. Then the link is mended. "
                        + "Look for the exchange casts after the ⚡ heal: b's table lists old, and a's merge cannot "
                        + "tell \"deleted\" from \"never heard of\" — it only adds, so it creates old again. "
                        + "Afterwards "
                        + agreement(on: nodes) {
                            "[" + ProcessGroups(node: $0).whichGroups().joined(separator: ", ") + "]"
                        }
                        + " as their groups: the delete is undone.")
            }
        }
    }

    static let anomalyA2 = Demo("anomaly-a2", "A2: a leave done while one link is cut is undone when it mends") {
        context in
        let nodes = try cluster(
            context, ["a", "b", "c"], then: "Then a creates group g and joins a process on c to it.")
        try await PG2Anomaly.a2.run(context.sim, on: nodes, writes: .processGroups, spawn: context.spawn) { moment, p in
            let p = p!
            switch moment {
            case .setUp:
                context.phase(
                    "cut a–b",
                    "\(p) (on c) is in g on every node. Cut only the a–b link; then a leaves \(p) from g. The leave "
                        + "locks and updates the nodes a can reach, a and c, not b.")
            case .written:
                context.say("after the leave, only b still lists \(p): " + describe("g", on: nodes))
                context.phase(
                    "mend a–b",
                    "Mend the a–b link. a and b hear nodeup and exchange tables: b still lists \(p), so a's merge "
                        + "re-adds it. c saw no nodeup, so it exchanges nothing and keeps the leave.")
            case .mended:
                context.say("after the mend, a lists \(p) again and c does not: " + describe("g", on: nodes))
                context.tell(
                    "Three nodes, a, b and c, run pg2, and \(p), a process on c, is in group g. Only the link "
                        + "between a and b is cut; both still see c. a leaves \(p) from g: the leave reaches a and "
                        + "c, not b. Then the a–b link is mended. Look for the two exchange casts after the ⚡ "
                        + "reconnect, between a and b only: b's still lists \(p), so a joins it again (and monitors "
                        + "it: the one message to c). c saw no nodeup, so no table is sent to it, and it keeps the "
                        + "leave. Afterwards " + agreement("g", on: nodes) + " as g's members: the nodes disagree, "
                        + "and will until another reconnect.")
            }
        }
    }

    static let anomalyA3 = Demo("anomaly-a3", "A3: counts merge as max, not as the number of joins") { context in
        let nodes = try cluster(context, ["a", "b", "c"], then: "Then a creates group g.")
        let split = Mutex("")
        try await PG2Anomaly.a3.run(context.sim, on: nodes, writes: .processGroups, spawn: context.spawn) { moment, p in
            let p = p!
            switch moment {
            case .setUp:
                context.phase(
                    "cut a–b",
                    "Cut only the a–b link; \(p) lives on c, which both still see. Then a joins \(p) to g, and "
                        + "so does b: a's join reaches a and c, b's reaches b and c.")
            case .written:
                split.withLock { $0 = agreement("g", on: nodes) }
                context.say("after both joins, a and b count \(p) once, c twice: " + describe("g", on: nodes))
                context.phase(
                    "mend a–b",
                    "Mend the a–b link. a and b exchange tables; each lists \(p) once, so the merge, max(1, 1), "
                        + "adds nothing. c keeps 2.")
            case .mended:
                context.say("after the mend, a and b keep max(1, 1) = 1, c keeps 2: " + describe("g", on: nodes))
                context.tell(
                    "Three nodes, a, b and c, run pg2 with group g. Only the link between a and b is cut; both "
                        + "still see c, where \(p) lives. a joins \(p) to g, then b does: each join reaches its "
                        + "own node and c, so \(split.withLock { $0 }). Then the a–b link is mended. Look at the two "
                        + "exchange casts after the ⚡ reconnect: each lists \(p) once, and the merge joins only "
                        + "what is missing (remote − local), so nothing changes. Two joins happened; afterwards "
                        + agreement("g", on: nodes) + ": counts merge as max, not as a sum.")
            }
        }
    }
}

extension GroupWrites {
    /// The final module's pg2, `ProcessGroups`: what the demos write with.
    public static let processGroups = GroupWrites(
        create: { try await ProcessGroups(node: $0).create($1) },
        delete: { try await ProcessGroups(node: $0).delete($1) },
        join: { try await ProcessGroups(node: $0).join($1, $2) },
        leave: { try await ProcessGroups(node: $0).leave($1, $2) })
}
