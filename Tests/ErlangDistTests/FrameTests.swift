import Foundation
import InteropKit
import Testing
@testable import ErlangDist

/// Frames and control messages: round trips, refusals, and what dispatch does with bad news.
@Suite struct FrameTests {
    static let a = ErlangPid(node: "a@h", id: 1, serial: 0, creation: 3)
    static let b = ErlangPid(node: "b@h", id: 2, serial: 1, creation: 4)
    static let ref = ErlangReference(node: "a@h", creation: 3, ids: [1, 2, 3])

    static let everyControl: [ControlMessage] = [
        .link(from: a, to: b), .send(to: b), .exit(from: a, to: b, reason: .atom("boom")), .unlink(from: a, to: b),
        .nodeLink, .regSend(from: a, to: "net_kernel"), .groupLeader(from: a, to: b),
        .exit2(from: a, to: b, reason: .atom("kill")), .monitor(from: a, target: .pid(b), ref: ref),
        .monitor(from: a, target: .name("server"), ref: ref), .demonitor(from: a, target: .name("server"), ref: ref),
        .monitorExit(target: .pid(b), to: a, ref: ref, reason: .atom("noproc")),
        .unlinkID(id: .integer(7), from: a, to: b), .unlinkIDAck(id: .integer(7), from: b, to: a),
    ]

    @Test func everyControlMessageRoundTrips() throws {
        for control in Self.everyControl {
            #expect(try ControlMessage(control.term) == control)
            let frame = Frame(
                control: control, message: control.carriesMessage ? .tuple([.atom("hi"), .integer(1)]) : nil)
            let wire = try frame.encoded()
            #expect(Int(wire[3]) | Int(wire[2]) << 8 == wire.count - 4)
            #expect(try Frame(payload: Array(wire.dropFirst(4))) == frame)
        }
        // The trace-token variants read as their plain forms.
        #expect(
            try ControlMessage(.tuple([.integer(12), .atom(""), .pid(Self.b), .atom("token")])) == .send(to: Self.b))
        #expect(
            try ControlMessage(.tuple([.integer(18), .pid(Self.a), .pid(Self.b), .nil, .atom("r")]))
                == .exit2(from: Self.a, to: Self.b, reason: .atom("r")))
    }

    @Test func badFramesAreRefusedWithTheirReason() throws {
        let control = try ExternalTermFormat.encode(ControlMessage.send(to: Self.b).term)
        let message = try ExternalTermFormat.encode(.atom("x"))
        #expect(throws: FrameError.notPassThrough(68)) { try Frame(payload: [68] + control + message) }
        #expect(throws: FrameError.unknownOperation(99)) {
            try Frame(payload: [112] + (try ExternalTermFormat.encode(.tuple([.integer(99), .atom("x")]))))
        }
        #expect(throws: FrameError.self) {
            try Frame(payload: [112] + (try ExternalTermFormat.encode(.atom("not_a_tuple"))))
        }
        #expect(throws: FrameError.self) {
            try Frame(payload: [112] + (try ExternalTermFormat.encode(.tuple([.integer(2), .atom("")]))))
        }
        #expect(throws: FrameError.trailingBytes(1)) { try Frame(payload: [112] + control + message + [0]) }
        #expect(throws: FrameError.self) { try Frame(payload: [112] + control) }
        #expect(throws: FrameError.self) { try Frame(payload: [112] + control + [131, 255]) }
        // Nesting far deeper than the limit is refused, not recursed into.
        let deep =
            [UInt8](repeating: 104, count: 0) + Array([[UInt8]](repeating: [104, 1], count: 100_000).joined()) + [106]
        #expect(throws: FrameError.self) { try Frame(payload: [112] + control + [131] + deep) }
    }

    @Test func aConnectionClosesOnBadInputAndTheNodeServesTheOthers() throws {
        let logs = LogLines()
        var options = DistNodeOptions()
        options.log = logs.sink
        options.maxFrameLength = 1024
        let node = DistNode.offline(name: "me@h", options: options)
        defer { node.stop() }
        let inbox = try node.makeProcess(name: "inbox")
        let good = node.attachOffline(peer: "good@h")
        let sender = ErlangPid(node: "good@h", id: 5, serial: 0, creation: 1)
        func regSend(_ message: Term) throws -> [UInt8] {
            try Frame(control: .regSend(from: sender, to: "inbox"), message: message).encoded()
        }
        let cases: [(String, [UInt8], String)] = [
            ("over the limit", [0, 0, 8, 0] + [UInt8](repeating: 112, count: 2048), "over the limit of 1024"),
            ("length lies", [0, 0, 0, 9, 112, 131], "announcing 9 bytes"),
            ("truncated header", [0, 0], "truncated frame header"),
            ("not pass-through", [0, 0, 0, 2, 68, 0], "not 112"),
            (
                "unknown op",
                try Frame(control: .nodeLink).encoded().replacing([131, 104, 1, 97, 5], with: [131, 104, 1, 97, 77]),
                "unknown control operation 77"
            ),
            ("malformed term", [0, 0, 0, 4, 112, 131, 104, 9], "malformed term"),
        ]
        for (what, bytes, expected) in cases {
            let bad = node.attachOffline(peer: "bad@h")
            #expect(!bad.receive(wire: bytes), "\(what)")
            #expect(bad.isClosed && logs.contains(expected), "\(what): \(logs.all)")
            #expect(good.receive(wire: try regSend(.atom("still_here"))))
        }
        // Messages to nobody: dropped with a log line; the connection stays.
        #expect(good.receive(wire: try Frame(control: .regSend(from: sender, to: "ghost"), message: .nil).encoded()))
        #expect(
            good.receive(
                wire: try Frame(
                    control: .send(to: ErlangPid(node: "me@h", id: 999, serial: 0, creation: 7)), message: .nil
                ).encoded()))
        #expect(logs.contains("'ghost', a name not registered here") && logs.contains("not a live process here"))
        // A monitor of nobody is answered noproc at once.
        let ref = ErlangReference(node: "good@h", creation: 1, ids: [1, 2, 3])
        _ = good.takeSent()
        #expect(
            good.receive(wire: try Frame(control: .monitor(from: sender, target: .name("ghost"), ref: ref)).encoded()))
        let answers = try good.takeSent().map { try Frame(payload: Array($0.dropFirst(4))) }
        #expect(
            answers == [
                Frame(control: .monitorExit(target: .name("ghost"), to: sender, ref: ref, reason: .atom("noproc")))
            ])
        #expect(!good.isClosed && inbox.queuedCount == cases.count)
    }
}
