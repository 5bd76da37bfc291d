import Foundation
import ProcessGroups
import Synchronization
import TestKit
import Testing

/// Bad input loses nothing: a node that runs pg2 takes thousands of malformed, mistyped and
/// stray messages at its receive path — each is answered with an error or ignored — and
/// afterwards its tables and monitors still pass their invariants, and it still serves.
///
/// The messages are mutations of real ones: a short pg2 session is run first and every message
/// it delivers is collected; then requests get other targets (another type's server, dead pids,
/// unknown names), other functions (another type's, garbage, truncated identifiers), too few,
/// too many, swapped or garbage arguments, generic substitutions no node registered (including
/// `"$"`, which crashes the runtime's `_typeByName`), and replies, monitors, DOWNs and exits
/// arrive with ids, refs and pids nobody expects.
@Suite struct ReceiveFuzzTests {
    static let messageCount = 10_000

    @Test func tenThousandBadMessagesLeaveANodeConsistentAndServing() async throws {
        let seed = Simulation.replaySeed ?? 2026
        let sim = Simulation(
            seed: seed, tracing: false,
            replayCommand: "PG2_SEED=\(seed) swift test --filter '\(testTarget(of: #fileID)).*tenThousandBadMessages'")
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        let harvested = Mutex<[Message]>([])
        sim.observeMessages { message, _, _ in harvested.withLock { $0.append(message) } }
        let pb = b.spawnProcess(), pc = c.spawnProcess(), pa = a.spawnProcess()
        try await sim.run {
            try await pg2(a).create("chat")
            try await pg2(a).join("chat", pb.id)
            try await pg2(c).join("chat", pc.id)
            try await pg2(b).join("chat", pa.id)
            try await pg2(c).leave("chat", pa.id)
            _ = try await a.resolve(pb.id, as: ProcessActor.self).relay("x", via: pc)
            try await a.resolve(pb.id, as: ProcessActor.self).remember("note")
        }
        sim.kill(pa.id)
        try await sim.quiescence()
        sim.observeMessages(nil)
        let real = harvested.withLock { $0 }
        #expect(real.count > 20, sim.comment)
        #expect(real.contains { if case .monitor = $0 { true } else { false } }, sim.comment)

        // Count how b answered, to be sure the fuzz reached every kind of refusal and some calls ran.
        let answers = Mutex<[String: Int]>([:])
        sim.observeMessages { message, sender, _ in
            guard sender == "b", case .reply(_, let result) = message else { return }
            let kind: String
            switch result {
            case .success: kind = "ok"
            case .failure(let box):
                kind = ["wrong type", "bad request", "noproc"].first { box.error.description.hasPrefix($0) } ?? "other"
            }
            answers.withLock { $0[kind, default: 0] += 1 }
        }
        var fuzz = MessageFuzzer(real: real, live: [pb.id, pc.id], dead: [pa.id], random: NodeRandom(seed: seed))
        for batch in 0..<(Self.messageCount / 500) {
            for _ in 0..<500 {
                let (message, from) = fuzz.next()
                b.receive(message, from: from)
            }
            // Bounded: a fuzzed lock request may hold a lock whose holder lives on, and then a
            // real write of that group would retry for ever; virtual time is free.
            try await sim.run(for: .seconds(1))
            #expect(b.isAlive, "batch \(batch) — \(sim.seedNote)")
        }
        try await sim.run(for: .seconds(10))
        sim.observeMessages(nil)
        let counts = answers.withLock { $0 }
        for kind in ["ok", "wrong type", "bad request", "noproc"] {
            #expect(counts[kind, default: 0] > 50, "b answered \(counts) — \(sim.seedNote)")
        }
        for node in nodes {
            #expect(throws: Never.self, sim.comment("\(node.name)'s bookkeeping")) { try node.checkInvariants() }
        }
        // The fuzz sent exit signals to the processes it knew; a fresh one checks that b serves.
        let fresh = b.spawnProcess()
        try await sim.run {
            for node in nodes { try await pg2(node).checkInvariants() }
            // Still serving: a call, reads, and a whole write through the lock and every node.
            #expect(try await a.resolve(fresh.id, as: ProcessActor.self).echo("alive") == "alive")
            try await pg2(a).create("after-fuzz")
            try await pg2(c).join("after-fuzz", fresh.id)
        }
        for node in nodes {
            #expect((try? pg2(node).members(of: "after-fuzz")) == [fresh.id], sim.comment(node.name.rawValue))
        }
        withExtendedLifetime((pb, pc, fresh)) {}
        sim.expectNoEscapedJobs()
    }
}

/// Makes bad messages out of good ones, from a seeded generator.
struct MessageFuzzer {
    let requests: [CallRequest]
    let payloads: [Payload]
    let methods: [String]
    let refs: [MonitorRef]
    let pids: [Pid]
    var random: NodeRandom

    init(real: [Message], live: [Pid], dead: [Pid], random: NodeRandom) {
        var requests: [CallRequest] = [], refs: [MonitorRef] = [], pids = live + dead
        for message in real {
            switch message {
            case .call(let request): requests.append(request); pids.append(request.target)
            case .monitor(let ref, let pid), .demonitor(let ref, let pid), .down(let ref, let pid, _):
                refs.append(ref)
                pids.append(pid)
            case .reply, .exit: break
            }
        }
        self.requests = requests
        payloads = requests.flatMap(\.arguments)
        methods = Array(Set(requests.map(\.method))).sorted()
        self.refs = refs
        self.pids = Array(
            Set(
                pids + [
                    Pid(named: "pg2", on: "b"), Pid(named: "global_name_server", on: "b"),
                    Pid(named: "nobody", on: "b"), Pid(node: "b", creation: 9, serial: 1),
                    Pid(node: "b", serial: 999_999), Pid(node: "z", serial: 1),
                ])
        ).sorted()
        self.random = random
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    private mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    private mutating func garbage() -> [UInt8] {
        let count = Int(random.next() % 24)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    private mutating func garbageName() -> String {
        switch random.next() % 6 {
        case 0: "$"
        case 1: "$s"
        case 2: "$s" + String(decoding: garbage().map { 0x30 + $0 % 74 }, as: UTF8.self)
        case 3: String(decoding: garbage(), as: UTF8.self)
        case 4: String(pick(methods).prefix(Int(random.next() % 40)))
        default: pick(methods) + "X"
        }
    }

    private mutating func arguments(like original: [Payload]) -> [Payload] {
        switch random.next() % 6 {
        case 0: return original
        case 1: return Array(original.dropLast())
        case 2: return original + [pick(payloads)]
        case 3: return original.reversed()
        case 4: return original.map { _ in Payload(garbage()) }
        default: return (0..<Int(random.next() % 4)).map { _ in pick(payloads) }
        }
    }

    /// The next message, and the peer it claims to come from.
    mutating func next() -> (Message, NodeName) {
        let from: NodeName = pick(["a", "c", "z"])
        switch random.next() % 10 {
        case 0..<6:
            var request = pick(requests)
            request.id = random.next() % 1_000
            if chance(60) { request.target = pick(pids) }
            if chance(50) { request.method = chance(70) ? pick(methods) : garbageName() }
            if chance(60) { request.arguments = arguments(like: request.arguments) }
            if chance(15) { request.genericSubstitutions = [garbageName()] }
            request.oneWay = chance(20)
            return (.call(request), from)
        case 6:
            let result: Result<Payload?, ErrorBox> =
                chance(50)
                ? .success(chance(50) ? nil : Payload(garbage()))
                : .failure(
                    ErrorBox(
                        error: ErrorPayload(
                            typeName: garbageName(), payload: Payload(garbage()), description: "fuzz")))
            return (.reply(id: random.next() % 1_000, result), from)
        case 7:
            let ref = pick(refs)
            return (chance(50) ? .monitor(ref: ref, pid: pick(pids)) : .demonitor(ref: ref, pid: pick(pids)), from)
        case 8:
            let ref = pick(refs)
            return (.down(ref: ref, pid: pick(pids), reason: pick([.noproc, .killed, .normal, .noconnection])), from)
        default:
            // Exit signals go to ordinary processes only: ending a node's servers is a legal
            // request (Erlang's `exit(Pid, kill)`), not bad input.
            let targets = pids.filter { !$0.isWellKnown }
            return (.exit(pid: pick(targets), reason: .killed), from)
        }
    }
}
