import Cluster
import TestKit
import Testing

@Suite struct NodeEventTests {
    @Test func aNewSubscriberFirstSeesThePeersAlreadyUp() async throws {
        let sim = simulation(seed: 21)
        let a = sim.addNode("a")
        sim.addNode("c")
        sim.addNode("b")
        try await sim.quiescence()
        let events = a.nodeEvents()
        #expect(events.drain() == [.nodeUp("b"), .nodeUp("c")])
    }

    @Test func nodeupArrivesBeforeAnyMessageOverTheNewConnection() async throws {
        let sim = simulation(seed: 22)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        let order = Mailbox<String>()
        let events = a.nodeEvents()
        _ = events.drain()
        sim.partition(["a"], ["b"])
        try await sim.quiescence()
        _ = events.drain()
        try await sim.run {
            // a listens; as soon as the link heals, b casts to a process on a.
            let q = a.spawnProcess()
            a.spawn {
                if let event = await events.next() { order.send("\(event)") }
            }
            sim.heal()
            b.cast(try b.resolve(q.id, as: ProcessActor.self)) { try await $0.remember("from b") }
            _ = try await a.resolve(p.id, as: ProcessActor.self).echo("flush")
            order.send(try await q.recall().joined())
        }
        #expect(order.drain() == ["nodeup b", "from b"], sim.comment)
    }

    @Test func eachCutAndMendIsReportedOncePerPeer() async throws {
        let sim = simulation(seed: 23)
        let a = sim.addNode("a")
        sim.addNode("b")
        sim.addNode("c")
        let events = a.nodeEvents()
        sim.disconnect("a", "b")
        sim.disconnect("a", "b")  // already cut: nothing new
        sim.reconnect("a", "b")
        sim.crash("c")
        sim.restart("c")
        try await sim.quiescence()
        #expect(
            events.drain() == [
                .nodeUp("b"), .nodeUp("c"), .nodeDown("b"), .nodeUp("b"), .nodeDown("c"), .nodeUp("c"),
            ], sim.comment)
    }

    @Test func aCrashedNodesEventStreamEnds() async throws {
        let sim = simulation(seed: 24)
        let a = sim.addNode("a")
        sim.addNode("b")
        let events = a.nodeEvents()
        sim.crash("a")
        try await sim.run {
            var seen: [NodeEvent] = []
            for await event in events { seen.append(event) }
            #expect(seen == [.nodeUp("b")])
        }
    }
}
