import Cluster
import Testing

@Suite struct CallTests {
    @Test func aRemoteCallReturnsTheReply() async throws {
        let sim = simulation(seed: 1)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        let reply = try await sim.run {
            let remote = try a.resolve(p.id, as: ProcessActor.self)
            return try await remote.echo("hi")
        }
        #expect(reply == "hi", sim.comment)
        #expect(sim.trace.lines.count == 2, sim.comment)
        print(sim.trace.text)
        #expect(sim.escapedJobs == 0)
    }
}
