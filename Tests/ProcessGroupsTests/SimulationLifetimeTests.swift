import Exchange
import ProcessGroups
import Testing

/// A finished simulation frees its cluster: when a `Simulation` is dropped, its nodes,
/// processes, servers and queued work go with it, so a seed sweep or a long test run does not
/// grow without bound.
@Suite struct SimulationLifetimeTests {
    final class Weak: @unchecked Sendable {
        weak var object: AnyObject?
        init(_ object: AnyObject) { self.object = object }
    }

    /// One small pg2 run (two nodes, a create and a join, then quiescence); returns weak
    /// references to everything it made.
    static func smallRun(seed: UInt64) async throws -> [Weak] {
        let sim = Simulation(seed: seed)
        let nodes = try sim.cluster("a", "b", running: ProcessGroups.start(on:))
        let member = nodes[1].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[0]).join("g", member.id)
        }
        try await sim.quiescence()
        let server = try ExchangeServer.ensureStarted(on: nodes[0])
        return [Weak(sim), Weak(nodes[0]), Weak(nodes[1]), Weak(member), Weak(server)]
    }

    @Test func droppedSimulationsFreeTheirNodesAndServers() async throws {
        var refs: [Weak] = []
        for seed in 1...100 { refs += try await Self.smallRun(seed: UInt64(seed)) }
        let alive = refs.filter { $0.object != nil }.map { "\(type(of: $0.object!))" }
        #expect(
            alive.isEmpty, "still alive after their simulations were dropped: \(alive.count), e.g. \(alive.prefix(5))")
    }

    @Test func aSimulationWithAPartitionAndAnInFlightWriteIsFreedToo() async throws {
        var refs: [Weak] = []
        do {
            let sim = Simulation(seed: 7)
            let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
            let member = nodes[2].spawnProcess()
            try await sim.run {
                try await pg2(nodes[0]).create("g")
                try await pg2(nodes[1]).join("g", member.id)
            }
            sim.partition(["a"], ["b", "c"])
            // Leave work pending: a write's lock round in flight, timers armed.
            nodes[0].spawn { try await pg2(nodes[0]).join("g", member.id) }
            try await sim.run(for: .microseconds(150))
            refs = [Weak(sim)] + nodes.map { Weak($0) } + [Weak(member)]
        }
        let alive = refs.filter { $0.object != nil }.map { "\(type(of: $0.object!))" }
        #expect(alive.isEmpty, "still alive: \(alive)")
    }
}
