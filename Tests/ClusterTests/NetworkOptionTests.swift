import TestKit
import Testing

@testable import Cluster

@Suite struct NetworkOptionTests {
    @Test func reorderingLetsCastsOnOneLinkOvertakeEachOther() async throws {
        var overtaken = 0
        for seed in UInt64(1)...10 {
            let sim = simulation(seed: seed, network: NetworkOptions(reorder: true))
            let a = sim.addNode("a"), b = sim.addNode("b")
            let p = b.spawnProcess()
            let notes = try await sim.run {
                let remote = try a.resolve(p.id, as: ProcessActor.self)
                for i in 1...20 { a.cast(remote) { try await $0.remember("\(i)") } }
                try await a.clock.sleep(for: .milliseconds(5))
                return try await remote.recall()
            }
            #expect(notes.count == 20, "reordering loses nothing — \(sim.seedNote)")
            if notes != (1...20).map(String.init) { overtaken += 1 }
        }
        #expect(overtaken > 0, "with reorder on, some seed delivers out of send order")
    }

    @Test func perLinkFIFOIsTheDefault() async throws {
        for seed in UInt64(1)...10 {
            let sim = simulation(seed: seed)
            let a = sim.addNode("a"), b = sim.addNode("b")
            let p = b.spawnProcess()
            let notes = try await sim.run {
                let remote = try a.resolve(p.id, as: ProcessActor.self)
                for i in 1...20 { a.cast(remote) { try await $0.remember("\(i)") } }
                try await a.clock.sleep(for: .milliseconds(5))
                return try await remote.recall()
            }
            #expect(notes == (1...20).map(String.init), sim.comment)
        }
    }

    /// Bad input gets a clear error and loses nothing: a request whose argument cannot be decoded
    /// is answered with `badRequest`, and the node goes on serving.
    @Test func aMalformedRequestIsRefusedAndTheNodeKeepsServing() async throws {
        let sim = simulation(seed: 51)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        let remote = try a.resolve(p.id, as: ProcessActor.self)
        // A request as a broken peer might send it: the right function (ProcessActor.echo's
        // distributed thunk), garbage for its argument.
        let request = CallRequest(
            id: 999, target: p.id, method: "$s7Cluster12ProcessActorC4echoyS2SYaKFTE",
            genericSubstitutions: [], arguments: [Payload([0xFF, 0x00])], oneWay: false)
        b.receive(.call(request), from: "a")
        try await sim.quiescence()
        #expect(sim.trace.lines.contains { $0.contains("reply a#999 error bad request") }, "\(sim.trace.text)")
        let reply = try await sim.run { try await remote.echo("still serving") }
        #expect(reply == "still serving")
        #expect(b.isAlive(p.id))
    }

    @Test func anUnknownFunctionIsABadRequestToo() async throws {
        let sim = simulation(seed: 52)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        let request = CallRequest(
            id: 7, target: p.id, method: "$sNoSuchFunction", genericSubstitutions: [], arguments: [],
            oneWay: false)
        b.receive(.call(request), from: "a")
        try await sim.quiescence()
        #expect(sim.trace.lines.contains { $0.contains("reply a#7 error") }, "\(sim.trace.text)")
        _ = a
    }
}
