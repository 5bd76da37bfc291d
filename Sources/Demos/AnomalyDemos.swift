import Cluster
import ProcessGroups

/// Demos of pg2's anomalies A1–A3: what its union-merge does after a partition.
extension DemoCatalog {
    static func groups(on nodes: [Node]) -> String {
        nodes.map { "\($0.name): [\(ProcessGroups(node: $0).whichGroups().joined(separator: ", "))]" }
            .joined(separator: "   ")
    }

    static let anomalyA1 = Demo("anomaly-a1", "A1: a group deleted during a partition comes back after the heal")
    { context in
        let nodes = try cluster(context, ["a", "b"], then: "Then a creates group old.")
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).create("old") }
        context.phase(
            "partition",
            "Cut a off from b; then a deletes group old. The delete locks and updates the only node a can reach: a "
                + "itself. a calls its own servers directly, so all the trace shows is the exit of the process that "
                + "held the lock.")
        context.sim.partition(["a"], ["b"])
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).delete("old") }
        context.say("after the delete, only a has lost old: " + groups(on: nodes))
        context.phase(
            "heal",
            "Mend the link. a and b hear nodeup and exchange tables: b's lists old, and a's merge only ever adds.")
        context.sim.heal()
        try await context.sim.quiescence()
        context.say("after the heal, old is back on a: " + groups(on: nodes))
        context.tell(
            "Two nodes, a and b, run pg2 with group old. The network is cut between them, and a deletes old: the "
                + "delete can lock and update only a, so b still has it. Then the link is mended. Look for the "
                + "exchange casts after the ⚡ heal: b's table lists old, and a's merge cannot tell \"deleted\" "
                + "from \"never heard of\" — it only adds, so it creates old again. Afterwards "
                + agreement(on: nodes) { "[" + ProcessGroups(node: $0).whichGroups().joined(separator: ", ") + "]" }
                + " as their groups: the delete is undone.")
    }

    static let anomalyA2 = Demo("anomaly-a2", "A2: a leave done while one link is cut is undone when it mends")
    { context in
        let nodes = try cluster(
            context, ["a", "b", "c"], then: "Then a creates group g and joins a process on c to it.")
        let p = context.spawn(on: nodes[2])
        try await context.sim.run {
            try await ProcessGroups(node: nodes[0]).create("g")
            try await ProcessGroups(node: nodes[0]).join("g", p.id)
        }
        context.phase(
            "cut a–b",
            "\(p.id) (on c) is in g on every node. Cut only the a–b link; then a leaves \(p.id) from g. The leave "
                + "locks and updates the nodes a can reach, a and c, not b.")
        context.sim.disconnect("a", "b")
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).leave("g", p.id) }
        context.say("after the leave, only b still lists \(p.id): " + describe("g", on: nodes))
        context.phase(
            "mend a–b",
            "Mend the a–b link. a and b hear nodeup and exchange tables: b still lists \(p.id), so a's merge "
                + "re-adds it. c saw no nodeup, so it exchanges nothing and keeps the leave.")
        context.sim.reconnect("a", "b")
        try await context.sim.quiescence()
        context.say("after the mend, a lists \(p.id) again and c does not: " + describe("g", on: nodes))
        context.tell(
            "Three nodes, a, b and c, run pg2, and \(p.id), a process on c, is in group g. Only the link between a "
                + "and b is cut; both still see c. a leaves \(p.id) from g: the leave reaches a and c, not b. Then "
                + "the a–b link is mended. Look for the two exchange casts after the ⚡ reconnect, between a "
                + "and b only: b's still lists \(p.id), so a joins it again (and monitors it: the one message to c). c saw no "
                + "nodeup, so no table is sent to it, and it keeps the leave. Afterwards " + agreement("g", on: nodes) + " as g's members: the nodes disagree, and will until another "
                + "reconnect.")
    }

    static let anomalyA3 = Demo("anomaly-a3", "A3: counts merge as max, not as the number of joins") { context in
        let nodes = try cluster(context, ["a", "b", "c"], then: "Then a creates group g.")
        let p = context.spawn(on: nodes[2])
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).create("g") }
        context.phase(
            "cut a–b",
            "Cut only the a–b link; \(p.id) lives on c, which both still see. Then a joins \(p.id) to g, and so "
                + "does b: a's join reaches a and c, b's reaches b and c.")
        context.sim.disconnect("a", "b")
        try await context.sim.run {
            try await ProcessGroups(node: nodes[0]).join("g", p.id)
            try await ProcessGroups(node: nodes[1]).join("g", p.id)
        }
        let split = agreement("g", on: nodes)
        context.say("after both joins, a and b count \(p.id) once, c twice: " + describe("g", on: nodes))
        context.phase(
            "mend a–b",
            "Mend the a–b link. a and b exchange tables; each lists \(p.id) once, so the merge, max(1, 1), adds "
                + "nothing. c keeps 2.")
        context.sim.reconnect("a", "b")
        try await context.sim.quiescence()
        context.say("after the mend, a and b keep max(1, 1) = 1, c keeps 2: " + describe("g", on: nodes))
        context.tell(
            "Three nodes, a, b and c, run pg2 with group g. Only the link between a and b is cut; both still see "
                + "c, where \(p.id) lives. a joins \(p.id) to g, then b does: each join reaches its own node and "
                + "c, so \(split). Then the a–b link is mended. Look at the two exchange casts after the ⚡ "
                + "reconnect: each lists \(p.id) once, and the merge joins only what is missing (remote − "
                + "local), so nothing changes. Two joins happened; afterwards " + agreement("g", on: nodes)
                + ": counts merge as max, not as a sum.")
    }
}
