import Cluster
import TestKit
import Testing

@Suite struct CallTests {
    @Test func aRemoteCallIsOneRequestAndOneReply() async throws {
        let sim = simulation(seed: 1)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        let reply = try await sim.run { try await a.resolve(p.id, as: ProcessActor.self).echo("hi") }
        #expect(reply == "hi", sim.comment)
        let messages = sim.trace.events.filter { if case .message = $0.kind { true } else { false } }
        #expect(messages.map(\.kind) == [.message(from: "a", to: "b"), .message(from: "b", to: "a")])
        #expect(messages[0].line.hasSuffix("a -> b call a#1 <b.1> ProcessActor.echo(_:) (\"hi\")"))
        #expect(!sim.trace.text.contains("$s"), "the trace shows demangled names")
    }

    @Test func aCodableErrorIsRethrownWithItsOwnType() async throws {
        let sim = simulation(seed: 2)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        try await sim.run {
            await #expect(throws: ProcessError.failed("boom")) {
                try await a.resolve(p.id, as: ProcessActor.self).fail("boom")
            }
        }
    }

    @Test func callingADeadProcessThrowsNoproc() async throws {
        let sim = simulation(seed: 3)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess(), q = a.spawnProcess()
        sim.kill(p.id)
        sim.kill(q.id)
        try await sim.run {
            await #expect(throws: CallError.noproc(p.id)) { try await a.resolve(p.id, as: ProcessActor.self).ping() }
            // A local pid that is dead resolves to a reference whose calls fail the same way.
            await #expect(throws: CallError.noproc(q.id)) { try await a.resolve(q.id, as: ProcessActor.self).ping() }
        }
    }

    @Test func callsAcrossAPartitionThrowNoconnection() async throws {
        let sim = simulation(seed: 4)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        sim.partition(["a"], ["b"])
        try await sim.run {
            await #expect(throws: CallError.noconnection("b")) {
                try await a.resolve(p.id, as: ProcessActor.self).echo("x")
            }
        }
    }

    @Test func aCallInFlightWhenTheLinkDropsThrowsNoconnection() async throws {
        let sim = simulation(seed: 5)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        try await sim.run {
            let call = a.spawn { try await a.resolve(p.id, as: ProcessActor.self).wait(milliseconds: 50) }
            try await a.clock.sleep(for: .milliseconds(10))
            sim.disconnect("a", "b")
            await #expect(throws: CallError.noconnection("b")) { try await call.value }
        }
    }

    @Test func aSlowCallTimesOutOnVirtualTime() async throws {
        let sim = simulation(seed: 6)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        try await sim.run {
            let remote = try a.resolve(p.id, as: ProcessActor.self)
            await #expect(throws: CallError.timeout(p.id, .seconds(1))) {
                try await a.withCallTimeout(.seconds(1)) { try await remote.wait(milliseconds: 3_000) }
            }
            // The default is 5 s, like gen_server:call; a 2 s call fits.
            #expect(try await remote.wait(milliseconds: 2_000) > 2_000_000)
        }
        #expect(sim.now < .seconds(10), "virtual time: \(sim.now)")
    }

    @Test func castsArriveInOrderAndReturnAtOnce() async throws {
        let sim = simulation(seed: 7)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        try await sim.run {
            let remote = try a.resolve(p.id, as: ProcessActor.self)
            for i in 1...5 { a.cast(remote) { try await $0.remember("\(i)") } }
            #expect(!sim.trace.text.contains(" -> "), "nothing was delivered yet: casts do not wait")
            _ = try await remote.echo("flush")  // per-link FIFO: this reply follows all five
            #expect(try await remote.recall() == ["1", "2", "3", "4", "5"], sim.comment)
        }
    }

    @Test func aCastAcrossAPartitionIsLost() async throws {
        let sim = simulation(seed: 8)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        sim.disconnect("a", "b")
        try await sim.run { a.cast(try a.resolve(p.id, as: ProcessActor.self)) { try await $0.remember("x") } }
        try await sim.quiescence()
        sim.reconnect("a", "b")
        let notes = try await sim.run { try await p.recall() }
        #expect(notes.isEmpty)
        #expect(sim.trace.lines.contains { $0.contains("a -x b cast <b.1>") && $0.hasSuffix("(link down)") })
    }

    @Test func lossyCastsLoseSomeButNotCalls() async throws {
        let sim = simulation(seed: 9, network: NetworkOptions(castLoss: 0.5))
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        let notes = try await sim.run {
            let remote = try a.resolve(p.id, as: ProcessActor.self)
            for i in 1...40 { a.cast(remote) { try await $0.remember("\(i)") } }
            for _ in 1...10 { _ = try await remote.echo("calls are never lost on a live link") }
            return try await remote.recall()
        }
        #expect(notes.count > 5 && notes.count < 35, "\(notes.count) of 40 arrived — \(sim.seedNote)")
        #expect(notes == notes.sorted { Int($0)! < Int($1)! }, "lost ones leave gaps, order holds")
    }

    @Test func multicallReportsRepliesAndBadNodes() async throws {
        let sim = simulation(seed: 10)
        let a = sim.addNode("a"), b = sim.addNode("b"), c = sim.addNode("c")
        sim.addNode("d")
        for node in [a, b, c] { try node.register("echo") { node.spawnProcess() } }
        // d runs no "echo" process; e does not exist; c is cut off from a.
        sim.disconnect("a", "c")
        let result = try await sim.run {
            await a.multicall(["a", "b", "c", "d", "e"], "echo", as: ProcessActor.self) {
                try await $0.echo("hi")
            }
        }
        #expect(result.replies.map(\.node) == ["a", "b"], sim.comment)
        #expect(result.replies.map(\.value) == ["hi", "hi"])
        #expect(result.badNodes == ["c", "d", "e"], sim.comment)
        #expect(result.failures["d"]?.hasPrefix("noproc") == true)
    }

    @Test func multicallSendsEveryRequestBeforeAnyReply() async throws {
        let sim = simulation(seed: 11)
        let nodes = ["a", "b", "c", "d"].map { sim.addNode(NodeName($0)) }
        for node in nodes { try node.register("echo") { node.spawnProcess() } }
        _ = try await sim.run {
            await nodes[0].multicall(["b", "c", "d"], "echo", as: ProcessActor.self) { try await $0.ping() }
        }
        let lines = sim.trace.lines
        let firstReply = try #require(lines.firstIndex { $0.contains(" reply ") })
        #expect(lines[..<firstReply].filter { $0.contains(" call ") }.count == 3, "\(lines)")
    }
}
