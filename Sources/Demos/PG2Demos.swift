import Cluster
import ProcessGroups

/// Demos of pg2 working as designed.
extension DemoCatalog {
    /// Adds nodes named `names` and starts pg2 (and its lock server) on each.
    static func cluster(_ context: DemoContext, _ names: [NodeName]) throws -> [Node] {
        let nodes = names.map { context.sim.addNode($0) }
        for node in nodes { try ProcessGroups.start(on: node) }
        return nodes
    }

    /// `NodeName: members` for every node, e.g. `a: [<b.1>]  b: [<b.1>]`.
    static func describe(_ group: GroupName, on nodes: [Node]) -> String {
        nodes.map { node in
            let members = (try? ProcessGroups(node: node).members(of: group))
                .map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "no such group"
            return "\(node.name): \(members)"
        }.joined(separator: "   ")
    }

    static let join = Demo("join", "one write across three nodes: lock, multicall, unlock") { context in
        let nodes = try cluster(context, ["a", "b", "c"])
        let worker = nodes[1].spawnProcess()
        try await context.sim.run {
            let pg2 = ProcessGroups(node: nodes[0])
            context.say("a creates group chat: lock {pg2, chat} on a, b, c; every server creates it; unlock")
            try await pg2.create("chat")
            context.say("a joins \(worker.id) (a process on b) to chat: the same three rounds")
            try await pg2.join("chat", worker.id)
            context.say("when the join returns, every node lists it — " + describe("chat", on: nodes))
        }
        withExtendedLifetime(worker) {}
    }

    static let memberDies = Demo("member-dies", "a member dies; every node's own monitor removes it")
    { context in
        let nodes = try cluster(context, ["a", "b", "c"])
        let worker = nodes[2].spawnProcess()
        try await context.sim.run {
            let pg2 = ProcessGroups(node: nodes[0])
            try await pg2.create("jobs")
            try await pg2.join("jobs", worker.id)
            context.say("\(worker.id) joined jobs; each node now monitors it — " + describe("jobs", on: nodes))
        }
        context.say("kill \(worker.id): c ends it; c's own monitor fires, and DOWNs travel to a and b")
        context.sim.kill(worker.id)
        try await context.sim.quiescence()
        context.say("no lock, no write: each node removed it alone — " + describe("jobs", on: nodes))
    }

    static let lockContention = Demo(
        "lock-contention", "three nodes join the same group at once; the global lock serialises them"
    ) { context in
        let nodes = try cluster(context, ["a", "b", "c"])
        let workers = nodes.map { $0.spawnProcess() }
        try await context.sim.run {
            try await ProcessGroups(node: nodes[0]).create("room")
            context.say("a, b and c each join their own process to room at the same moment")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (node, worker) in zip(nodes, workers) {
                    group.addTask { try await ProcessGroups(node: node).join("room", worker.id) }
                }
                try await group.waitForAll()
            }
            context.say("refused attempts released their partial grants and backed off 1…250 ms at random")
            context.say("all three joins done, in one order on every node — " + describe("room", on: nodes))
        }
        withExtendedLifetime(workers) {}
    }

    static let partitionHeal = Demo(
        "partition-heal", "two halves write during a partition; the exchange on heal merges them"
    ) { context in
        let nodes = try cluster(context, ["a", "b", "c", "d"])
        let workers = nodes.map { $0.spawnProcess() }
        try await context.sim.run { try await ProcessGroups(node: nodes[0]).create("g") }
        context.say("partition {a, b} | {c, d}")
        context.sim.partition(["a", "b"], ["c", "d"])
        try await context.sim.run {
            for (node, worker) in zip(nodes, workers) {
                try await ProcessGroups(node: node).join("g", worker.id)
                try await ProcessGroups(node: node).join("g", worker.id)
            }
            context.say("each node joined its own process twice; each side sees only its own — "
                + describe("g", on: nodes))
        }
        context.say("heal: nodeups on both sides; every server casts its whole table to its new peers")
        context.sim.heal()
        try await context.sim.quiescence()
        context.say("merged (remote − local, counts as max): " + describe("g", on: nodes))
        withExtendedLifetime(workers) {}
    }
}
