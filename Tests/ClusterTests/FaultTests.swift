import Cluster
import TestKit
import Testing

@Suite struct FaultTests {
    @Test func aCrashedNodesPidsStayDeadAfterItsRestart() async throws {
        let sim = simulation(seed: 31)
        let a = sim.addNode("a")
        var b = sim.addNode("b")
        let old = b.spawnProcess()
        sim.crash("b")
        #expect(!b.isAlive)
        b = sim.restart("b")
        #expect(b.creation == 2)
        let fresh = b.spawnProcess()
        #expect(fresh.id == Pid(node: "b", creation: 2, serial: 1), "a new incarnation counts from 1 again")
        #expect(fresh.id != old.id)
        try await sim.run {
            await #expect(throws: CallError.noproc(old.id)) {
                try await a.resolve(old.id, as: ProcessActor.self).ping()
            }
            let reply = try await a.resolve(fresh.id, as: ProcessActor.self).echo("new")
            #expect(reply == "new")
        }
        let downs = Mailbox<Down>()
        a.monitor(old.id, into: downs)
        try await sim.quiescence()
        #expect(downs.drain().map(\.reason) == [.noproc])
    }

    @Test func partitionCutsOnlyLinksBetweenGroups() async throws {
        let sim = simulation(seed: 32)
        let a = sim.addNode("a"), b = sim.addNode("b"), c = sim.addNode("c")
        sim.partition(["a"], ["b", "c"])
        #expect(a.connectedNodes == [])
        #expect(b.connectedNodes == ["c"])
        #expect(c.connectedNodes == ["b"])
        sim.heal()
        #expect(a.connectedNodes == ["b", "c"])
    }

    @Test func disconnectIsNotTransitive() async throws {
        let sim = simulation(seed: 33)
        let a = sim.addNode("a"), b = sim.addNode("b"), c = sim.addNode("c")
        sim.disconnect("a", "b")
        #expect(a.connectedNodes == ["c"])
        #expect(b.connectedNodes == ["c"])
        #expect(c.connectedNodes == ["a", "b"])
        sim.reconnect("b", "a")
        #expect(a.connectedNodes == ["b", "c"])
    }

    @Test func aCutLinkStaysCutAcrossARestart() async throws {
        let sim = simulation(seed: 34)
        let a = sim.addNode("a")
        sim.addNode("b")
        sim.disconnect("a", "b")
        let b2 = sim.restart("b")
        #expect(!b2.connectedNodes.contains("a"))
        sim.heal()
        #expect(a.connectedNodes == ["b"])
    }

    @Test func messagesInFlightWhenALinkDropsAreLost() async throws {
        let sim = simulation(seed: 35)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        try await sim.run {
            a.cast(try a.resolve(p.id, as: ProcessActor.self)) { try await $0.remember("in flight") }
        }
        try await sim.run(for: .microseconds(50))  // sent (no delay is under 100 µs), not yet delivered
        sim.disconnect("a", "b")
        sim.reconnect("a", "b")  // a new connection does not carry the old one's messages
        try await sim.quiescence()
        #expect(try await sim.run { try await p.recall() } == [])
        #expect(sim.trace.lines.contains { $0.hasSuffix("(link went down)") })
    }

    @Test func killingAProcessFreesItsName() async throws {
        let sim = simulation(seed: 36)
        let a = sim.addNode("a")
        let first = try a.register("svc") { a.spawnProcess() }
        #expect(first.id == Pid(named: "svc", on: "a"))
        #expect(a.whereis("svc") == first.id)
        #expect(throws: Node.NameTaken.self) { _ = try a.register("svc") { a.spawnProcess() } }
        sim.kill(first.id)
        #expect(a.whereis("svc") == nil)
        let second = try a.register("svc") { a.spawnProcess() }
        #expect(a.whereis("svc") == second.id)
    }

    @Test func aWellKnownNameReachesTheServerOfTheCurrentIncarnation() async throws {
        let sim = simulation(seed: 37)
        let a = sim.addNode("a")
        var b = sim.addNode("b")
        _ = try b.register("svc") { b.spawnProcess() }
        let remote = try a.resolve("svc", on: "b", as: ProcessActor.self)
        b = sim.restart("b")
        try await sim.run {
            await #expect(throws: CallError.noproc(Pid(named: "svc", on: "b"))) { try await remote.ping() }
        }
        let server = try b.register("svc") { b.spawnProcess() }
        try await sim.run {
            try await remote.remember("to whoever holds the name")
            #expect(try await server.recall() == ["to whoever holds the name"])
        }
    }
}
