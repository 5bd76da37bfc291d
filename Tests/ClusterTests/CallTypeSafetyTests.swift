import Cluster
import Distributed
import TestKit
import Testing

/// A process with state: what a call of the wrong type would corrupt.
distributed actor Counter {
    typealias ActorSystem = Node
    private var count = 0
    distributed func increment() -> Int {
        count += 1
        return count
    }
}

/// Another type, whose function shares nothing with `Counter`'s layout.
distributed actor Namer {
    typealias ActorSystem = Node
    private var names: [String] = []
    distributed func rename(_ name: String) -> [String] {
        names.append(name)
        return names
    }
}

/// A call names its function by a mangled identifier, and Swift's runtime would run it on any
/// actor it is handed; the node checks that the function is the target's own, so a wrong-typed
/// call is an error — not a segmentation fault — and the node keeps serving.
@Suite struct CallTypeSafetyTests {
    @Test func aRemoteCallOfAnotherTypesFunctionIsRefusedWithWrongType() async throws {
        let sim = simulation(seed: 61)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let counter = Counter(actorSystem: b)
        try await sim.run {
            let wrong = try a.resolve(counter.id, as: Namer.self)  // remote: a proxy, unchecked
            await #expect(throws: CallError.wrongType(counter.id, actual: "Counter", expected: "Namer")) {
                _ = try await wrong.rename("x")
            }
            let right = try a.resolve(counter.id, as: Counter.self)
            #expect(try await right.increment() == 1, "b kept serving, and the counter is intact")
        }
        #expect(b.isAlive(counter.id))
        try b.checkInvariants()
    }

    @Test func resolvingALiveLocalActorAsAnotherTypeThrows() async throws {
        let sim = simulation(seed: 62)
        let b = sim.addNode("b")
        let counter = Counter(actorSystem: b)
        #expect(throws: CallError.wrongType(counter.id, actual: "Counter", expected: "Namer")) {
            _ = try b.resolve(counter.id, as: Namer.self)
        }
        #expect(try b.resolve(counter.id, as: Counter.self) === counter)
    }

    @Test func aRegisteredNameResolvedAsTheWrongTypeIsRefusedLocallyAndRemotely() async throws {
        let sim = simulation(seed: 63)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let server = try b.register("counter") { Counter(actorSystem: b) }
        #expect(throws: CallError.wrongType(server.id, actual: "Counter", expected: "ProcessActor")) {
            _ = try b.resolve("counter", on: "b", as: ProcessActor.self)
        }
        try await sim.run {
            let remote = try a.resolve("counter", on: "b", as: ProcessActor.self)
            await #expect(throws: CallError.wrongType(server.id, actual: "Counter", expected: "ProcessActor")) {
                try await remote.ping()
            }
        }
    }

    @Test func aMethodOfTheRightModuleButAnotherTypeIsRefused() async throws {
        let sim = simulation(seed: 64)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let counter = Counter(actorSystem: b)
        // ProcessActor.echo(_:)'s distributed thunk, aimed at the Counter.
        let request = CallRequest(
            id: 5, target: counter.id, method: "$s7Cluster12ProcessActorC4echoyS2SYaKFTE",
            genericSubstitutions: [], arguments: [], oneWay: false)
        b.receive(.call(request), from: "a")
        try await sim.quiescence()
        #expect(sim.trace.lines.contains { $0.contains("reply a#5 error wrong type") }, "\(sim.trace.text)")
        _ = a
    }

    @Test func namesThatCrashTheRuntimesTypeLookupAreRefusedAsUnknown() async throws {
        let sim = simulation(seed: 65)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        for (id, name) in ["$", "$s", "$sSS", "ŝ\u{0}", String(repeating: "$s1", count: 50)].enumerated() {
            let request = CallRequest(
                id: UInt64(100 + id), target: p.id, method: "$s7Cluster12ProcessActorC4pingyyYaKFTE",
                genericSubstitutions: [name], arguments: [], oneWay: false)
            b.receive(.call(request), from: "a")
            let box = ErrorBox(error: ErrorPayload(typeName: name, payload: Payload([0x7B, 0x7D]), description: "x"))
            a.receive(.reply(id: UInt64(200 + id), .failure(box)), from: "b")
        }
        try await sim.quiescence()
        let reply = try await sim.run { try await a.resolve(p.id, as: ProcessActor.self).echo("alive") }
        #expect(reply == "alive", sim.comment)
    }

    @Test func aRemoteErrorOfAnUnregisteredTypeArrivesAsItsDescription() async throws {
        let sim = simulation(seed: 66)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        try await sim.run {
            await #expect(throws: ProcessError.failed("boom")) {
                try await a.resolve(p.id, as: ProcessActor.self).fail("boom")
            }
        }
        #expect(WireTypes.type(named: "$sNotAType") == nil)
    }
}

/// `Simulation.run` announces a thrown error on standard error only where the seed helps.
@Suite struct RunReportTests {
    @Test func aProgramsDocumentedErrorIsNotAnnounced() {
        let program = Simulation(seed: 1)
        #expect(!program.announces(CallError.noproc(Pid(node: "a", serial: 1))))
        #expect(!program.announces(ProcessError.failed("expected")))
        #expect(program.announces(CancellationError()), "an undocumented error is worth its seed")
    }

    @Test func aTestAnnouncesEveryError() {
        let test = simulation(seed: 1)
        #expect(test.announces(CallError.noproc(Pid(node: "a", serial: 1))))
    }
}
