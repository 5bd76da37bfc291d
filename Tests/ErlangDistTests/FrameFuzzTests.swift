@preconcurrency import Glibc
import Foundation
import SeededRandom
import Testing
@testable import ErlangDist

/// 120 000 random and mutated frames thrown at a connection's decoding and dispatch, without
/// sockets: nothing may crash, hang, or allocate without bound, and the node must still serve a
/// well-behaved peer at the end.
@Suite struct FrameFuzzTests {
    static func residentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    @Test func randomAndMutatedFramesNeverCrashHangOrBloat() async throws {
        let iterations = 120_000
        let seed = UInt64.random(in: 0...UInt64.max)
        let result = try await SocketThreads.run("fuzz") { try Self.fuzz(iterations: iterations, seed: seed) }
        #expect(result.frames == iterations, "seed \(seed)")
        #expect(result.elapsed < .seconds(120), "seed \(seed): took \(result.elapsed)")
        #expect(result.growth < 256 << 20, "seed \(seed): resident memory grew by \(result.growth) bytes")
        #expect(result.closed > 1000 && result.accepted > 1000, "seed \(seed): \(result)")
    }

    struct Outcome: Sendable, CustomStringConvertible {
        var frames = 0, closed = 0, accepted = 0, growth = 0
        var elapsed = Duration.zero
        var description: String { "\(frames) frames, \(accepted) accepted, \(closed) closed connections" }
    }

    static func fuzz(iterations: Int, seed: UInt64) throws -> Outcome {
        var random = SplitMix64(seed: seed)
        var options = DistNodeOptions()
        options.maxFrameLength = 1 << 16
        options.log = { _ in }
        let node = DistNode.offline(name: "fuzz@h", options: options)
        defer { node.stop() }
        let peers = ["p1@h", "p2@h", "p3@h"]
        let remote = peers.map { ErlangPid(node: $0, id: 40, serial: 0, creation: 1) }
        var locals: [DistProcess] = []
        func respawn() {
            for p in locals { p.exit() }
            locals = (0..<4).compactMap { try? node.makeProcess(name: $0 == 0 ? "target" : nil) }
        }
        respawn()
        let ref = ErlangReference(node: "p1@h", creation: 1, ids: [1, 2, 3])
        let terms: [Term] = [
            .atom("normal"), .atom("kill"), .integer(-5), .nil, .binary([1, 2, 3]),
            .tuple([
                .atom("$gen_call"), .tuple([.pid(remote[0]), .reference(ref)]),
                .tuple([.atom("is_auth"), .atom("p1@h")]),
            ]),
            .list([.integer(1), .float(2.5)], tail: .atom("improper")), .map([MapEntry(.atom("k"), .pid(remote[1]))]),
        ]
        func corpus() -> [[UInt8]] {
            let l = locals.map(\.pid)
            let controls: [ControlMessage] = [
                .send(to: l[1]), .regSend(from: remote[0], to: "target"), .regSend(from: remote[0], to: "net_kernel"),
                .regSend(from: remote[0], to: "rex"), .regSend(from: remote[0], to: "global_name_server"),
                .link(from: remote[0], to: l[2]), .exit(from: remote[0], to: l[2], reason: .atom("boom")),
                .exit2(from: remote[1], to: l[3], reason: .atom("kill")),
                .monitor(from: remote[0], target: .pid(l[1]), ref: ref),
                .monitor(from: remote[0], target: .name("target"), ref: ref),
                .demonitor(from: remote[0], target: .pid(l[1]), ref: ref),
                .monitorExit(target: .pid(remote[0]), to: l[1], ref: ref, reason: .atom("x")),
                .unlinkID(id: .integer(9), from: remote[0], to: l[2]), .unlink(from: remote[0], to: l[2]), .nodeLink,
            ]
            return controls.compactMap { control in
                try? Frame(
                    control: control, message: control.carriesMessage ? terms.randomElement(using: &random) : nil
                ).encoded()
            } + [Frame.tick]
        }
        var valid = corpus()
        var connections = peers.map { node.attachOffline(peer: $0) }
        var outcome = Outcome()
        let before = residentBytes()
        let start = ContinuousClock.now
        for i in 0..<iterations {
            if i % 5_000 == 0 {
                respawn()
                valid = corpus()
                for c in connections { _ = c.takeSent() }
            }
            var bytes: [UInt8]
            switch random.next() % 8 {
            case 0:
                bytes = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 1:
                let length = Int(random.next() % 48)
                bytes = [0, 0, 0, UInt8(length)] + (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 2:
                bytes = valid.randomElement(using: &random)!
            default:
                bytes = valid.randomElement(using: &random)!
                for _ in 0..<(1 + random.next() % 4) {
                    let at = Int(random.next() % UInt64(bytes.count))
                    switch random.next() % 5 {
                    case 0: bytes[at] ^= UInt8(1 << (random.next() % 8))
                    case 1: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                    case 2: bytes.removeSubrange(at...)
                    case 3: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
                    default: bytes[min(at, 3)] = [0xFF, 0x7F, 0x00, 0x10].randomElement(using: &random)!
                    }
                    if bytes.isEmpty { break }
                }
            }
            let which = Int(random.next() % UInt64(connections.count))
            if connections[which].receive(wire: bytes) {
                outcome.accepted += 1
            } else {
                outcome.closed += 1
                connections[which] = node.attachOffline(peer: peers[which])
            }
            outcome.frames += 1
        }
        outcome.elapsed = ContinuousClock.now - start
        outcome.growth = max(0, residentBytes() - before)
        // Still serving: a well-formed message reaches its process.
        respawn()
        let probe = node.attachOffline(peer: "probe@h")
        let frame = try Frame(
            control: .regSend(from: ErlangPid(node: "probe@h", id: 1, serial: 0, creation: 1), to: "target"),
            message: .atom("still_serving")
        ).encoded()
        guard probe.receive(wire: frame), locals[0].queuedCount == 1 else { throw FuzzFailure(seed: seed) }
        return outcome
    }

    struct FuzzFailure: Error { var seed: UInt64 }
}
