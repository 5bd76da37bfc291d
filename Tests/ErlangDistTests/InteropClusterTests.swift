import Foundation
import InteropKit
import Testing
@testable import ErlangDist

/// Ticks at `net_ticktime 4`, a full mesh with two `erl` nodes, terms round-tripped through `erl`.
@Suite(
    .enabled(
        if: Interop.available, "Erlang interop tests run only with PG2_INTEROP=1 and erl installed (.ci/erlang-interop)"
    ))
struct InteropClusterTests {
    /// Three `erl` nodes at `-kernel net_ticktime 4` and a Swift node at the same tick time:
    /// one streams to Swift (Swift only ticks), Swift streams to another (it only ticks), the
    /// third is silent both ways. After 12 s all three links are the ones from the start.
    @Test func linksSurviveTwelveSecondsOfOneWayTrafficAndOfSilence() async throws {
        let cluster = try await InteropCluster()
        defer { cluster.stop() }
        var options = cluster.options
        options.tickTime = .seconds(4)
        options.fullMesh = false
        let swift = try await cluster.swiftNode(options: options)
        let inbox = try swift.makeProcess(name: "inbox")
        let ticktime = ["-kernel", "net_ticktime", "4"]
        let toSwift = try await cluster.erl("tx", extra: ticktime)
        let fromSwift = try await cluster.erl("rx", extra: ticktime)
        let silent = try await cluster.erl("quiet", extra: ticktime)
        let s = "'\(swift.name)'"
        for erl in [toSwift, fromSwift, silent] {
            #expect(await erl.eval("net_adm:ping(\(s)).") == "pong")
        }
        #expect(await fromSwift.eval("register(sink, self()).") == "true")
        let events = swift.events()
        let start = ContinuousClock.now
        await toSwift.eval(
            """
            spawn(fun() -> L = fun L(0) -> ok; L(N) -> {inbox, \(s)} ! {n, N}, timer:sleep(100), L(N - 1) end, \
            L(125) end), ok.
            """)
        var sent = 0
        while ContinuousClock.now - start < .seconds(12.5) {
            inbox.send(.tuple([.atom("n"), .integer(Int64(sent))]), toName: "sink", on: fromSwift.name)
            sent += 1
            try await Task.sleep(for: .milliseconds(100))
        }
        // The erl loop sleeps 100 ms 125 times: slower than 12.5 s on a loaded machine, so wait up to 15 s more.
        let received = await Interop.eventually(.seconds(15)) { inbox.queuedCount >= 125 }
        #expect(received, "Swift received \(inbox.queuedCount) of 125 messages")
        let count = await fromSwift.eval("L = fun L(C) -> receive {n, _} -> L(C + 1) after 0 -> C end end, L(0).")
        #expect(count == String(sent), "Erlang received \(count) of \(sent)")
        for erl in [toSwift, fromSwift, silent] {
            #expect(
                await erl.eval("lists:member(\(s), nodes()).") == "true",
                "\(erl.name) dropped the Swift node: \(cluster.logs.all)")
        }
        #expect(swift.connectedNodes == [toSwift.name, fromSwift.name, silent.name].sorted())
        swift.stop()
        var seen: [NodeEvent] = []
        for await event in events { seen.append(event) }
        let downs = seen.filter { if case .down(_, let reason) = $0 { reason != "this node stopped" } else { false } }
        #expect(downs.isEmpty, "nodedown before the end: \(downs)")
    }

    /// Two `erl` nodes that never met and one Swift node: Swift dials one, finds the other
    /// through EPMD, and introduces them. Every node ends connected to both others.
    @Test func twoErlNodesAndOneSwiftNodeEndFullyMeshed() async throws {
        let cluster = try await InteropCluster()
        defer { cluster.stop() }
        let a = try await cluster.erl("a")
        let b = try await cluster.erl("b")
        #expect(await a.eval("nodes().") == "[]")
        let swift = try await cluster.swiftNode()
        #expect(await swift.ping(a.name))
        let meshed = await Interop.eventually(.seconds(15)) {
            let fromA = await a.eval("lists:sort(nodes()).")
            let fromB = await b.eval("lists:sort(nodes()).")
            return swift.connectedNodes == [a.name, b.name].sorted()
                && fromA == "[" + [b.name, swift.name].sorted().map { "'\($0)'" }.joined(separator: ",") + "]"
                && fromB == "[" + [a.name, swift.name].sorted().map { "'\($0)'" }.joined(separator: ",") + "]"
        }
        let (nodesA, nodesB) = (await a.eval("nodes()."), await b.eval("nodes()."))
        #expect(meshed, "swift: \(swift.connectedNodes), a: \(nodesA), b: \(nodesB); \(cluster.logs.all)")
        // A link disconnected on purpose stays down.
        swift.disconnect(b.name)
        try await Task.sleep(for: .seconds(1))
        #expect(swift.connectedNodes == [a.name])
    }

    /// Swift sends terms; `erl` answers with `term_to_binary(T, [{minor_version, 2}])` of what it
    /// received. The bytes are Swift's encoding, byte for byte, and decode to the same term.
    @Test func termsRoundTripByteIdenticallyThroughErl() async throws {
        let cluster = try await InteropCluster()
        defer { cluster.stop() }
        let swift = try await cluster.swiftNode()
        let inbox = try swift.makeProcess(name: "inbox")
        let erl = try await cluster.erl()
        let s = "'\(swift.name)'"
        #expect(
            await erl.eval(
                """
                register(shell, self()), spawn(fun() -> register(mirror, self()), \
                L = fun L() -> receive {T, From} -> From ! {bytes, term_to_binary(T, [{minor_version, 2}])}, \
                L() end end, L() end), ok.
                """) == "ok")
        _ = s
        let terms: [Term] = [
            .integer(0), .integer(255), .integer(256), .integer(-1), .integer(Int64(Int32.max)),
            .integer(Int64(Int32.min)),
            .integer(Int64(Int32.max) + 1), .integer(1 << 62), .integer(.max), .integer(.min),
            .bigInteger(negative: false, magnitude: [0, 0, 0, 0, 0, 0, 0, 0, 1]),
            .bigInteger(negative: true, magnitude: Array(repeating: 0xFF, count: 300)),
            .float(3.141592653589793), .float(-1e300), .atom("ok"), .atom(""), .atom("héllo wörld"),
            .atom(String(repeating: "x", count: 255)), .tuple([]), .tuple([.atom("a"), .integer(1)]),
            .tuple((0..<300).map { .integer(Int64($0)) }), .nil, .list([.integer(104), .integer(105)], tail: .nil),
            .list([.integer(1), .atom("two"), .float(3)], tail: .nil), .list([.integer(1)], tail: .integer(2)),
            .list([.integer(300), .integer(1)], tail: .nil), .binary([]), .binary(Array(0...255)),
            .bitBinary([0xFF, 0xE0], bits: 3), .map([]),
            .map([MapEntry(.integer(1), .atom("one")), MapEntry(.atom("a"), .nil)]),
            .pid(inbox.pid), .reference(swift.makeReference()),
            .tuple([.list([.tuple([.map([MapEntry(.atom("k"), .binary([1, 2]))])])], tail: .nil)]),
        ]
        for term in terms {
            inbox.send(.tuple([term, .pid(inbox.pid)]), toName: "mirror", on: erl.name)
            let reply = try await inbox.receiveMessage(timeout: .seconds(5))
            guard case .tuple(let e)? = reply, e.count == 2, case .binary(let bytes) = e[1] else {
                Issue.record("no echo of \(term.brief): \(String(describing: reply)); \(cluster.logs.all)")
                continue
            }
            #expect(bytes == (try ExternalTermFormat.encode(term)), "\(term.brief)")
            #expect((try? ExternalTermFormat.decode(bytes)) == term, "\(term.brief)")
        }
    }
}
