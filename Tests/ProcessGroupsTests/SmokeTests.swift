import ProcessGroups
import Testing

@Suite struct SmokeTests {
    @Test func aJoinOnOneNodeIsVisibleOnEveryNode() async throws {
        let sim = Simulation(seed: 1)
        let nodes = ["a", "b", "c"].map { sim.addNode(NodeName($0)) }
        for node in nodes { try ProcessGroups.start(on: node) }
        let worker = nodes[1].spawnProcess()
        try await sim.run {
            let pg2 = ProcessGroups(node: nodes[0])
            try await pg2.create("workers")
            try await pg2.join("workers", worker.id)
            for node in nodes {
                #expect(try ProcessGroups(node: node).members(of: "workers") == [worker.id], "seed \(sim.seed)")
            }
        }
        print(sim.trace.text)
        #expect(sim.escapedJobs == 0)
    }
}
