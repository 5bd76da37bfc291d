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
        let nodes = try cluster(context, ["a", "b"])
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).create("old") }
        context.say("partition {a} | {b}")
        context.sim.partition(["a"], ["b"])
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).delete("old") }
        context.say("a deletes group old — it can lock and reach only itself: " + groups(on: nodes))
        context.sim.heal()
        try await context.sim.quiescence()
        context.say("heal: b's exchange lists old, and a's merge only ever adds — " + groups(on: nodes))
    }

    static let anomalyA2 = Demo("anomaly-a2", "A2: a leave done while one link is cut is undone when it mends")
    { context in
        let nodes = try cluster(context, ["a", "b", "c"])
        let p = nodes[2].spawnProcess()
        try await context.sim.run {
            try await ProcessGroups(node: nodes[0]).create("g")
            try await ProcessGroups(node: nodes[0]).join("g", p.id)
        }
        context.say("\(p.id) (on c) is in g everywhere; now cut only the a–b link")
        context.sim.disconnect("a", "b")
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).leave("g", p.id) }
        context.say("a leaves \(p.id) from g — it locks and updates a and c, not b: " + describe("g", on: nodes))
        context.sim.reconnect("a", "b")
        try await context.sim.quiescence()
        context.say("mend a–b: b's exchange still lists \(p.id), so a re-adds it; c saw no nodeup — "
            + describe("g", on: nodes))
        withExtendedLifetime(p) {}
    }

    static let anomalyA3 = Demo("anomaly-a3", "A3: counts merge as max, not as the number of joins") { context in
        let nodes = try cluster(context, ["a", "b", "c"])
        let p = nodes[2].spawnProcess()
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).create("g") }
        context.say("cut only the a–b link; \(p.id) lives on c, which both still see")
        context.sim.disconnect("a", "b")
        try await context.sim.run {
            try await ProcessGroups(node: nodes[0]).join("g", p.id)
            try await ProcessGroups(node: nodes[1]).join("g", p.id)
        }
        context.say("a joins \(p.id) (a, c count 1), then b does (b counts 1, c counts 2): " + describe("g", on: nodes))
        context.sim.reconnect("a", "b")
        try await context.sim.quiescence()
        context.say("mend a–b: a and b merge max(1, 1) = 1, c keeps 2 — " + describe("g", on: nodes))
        withExtendedLifetime(p) {}
    }
}
