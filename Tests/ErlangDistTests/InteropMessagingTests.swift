import InteropKit
import Testing
@testable import ErlangDist

/// Erlang processes talk to Swift processes by registered name and by pid, and call them.
@Suite(
    .enabled(
        if: Interop.available, "Erlang interop tests run only with PG2_INTEROP=1 and erl installed (.ci/erlang-interop)"
    ))
struct InteropMessagingTests {
    @Test func erlangSendsToANameAndToAPidAndGetsItsReplies() async throws {
        let cluster = try await InteropCluster()
        defer { cluster.stop() }
        let swift = try await cluster.swiftNode()
        try startEchoServer(on: swift)
        let erl = try await cluster.erl()
        let s = "'\(swift.name)'"
        // By registered name: {echo, Node} ! {self(), Term}.
        #expect(
            await erl.eval("{echo, \(s)} ! {self(), hello}, receive {echo, X} -> X after 5000 -> timeout end.")
                == "hello",
            "\(cluster.logs.all)")
        // gen_server:call from Erlang to a Swift process.
        #expect(await erl.eval("gen_server:call({echo, \(s)}, {add, 2, 3}).") == "5")
        // By pid: the Swift server hands out a fresh process, Erlang sends to it.
        #expect(
            await erl.eval("W = gen_server:call({echo, \(s)}, spawn_worker), is_pid(W) andalso node(W) =:= \(s).")
                == "true")
        #expect(
            await erl.eval("W ! {self(), ping}, receive {pong, W} -> got_pong after 5000 -> timeout end.") == "got_pong"
        )
        // An unknown name: dropped with a log line, the connection stays.
        #expect(await erl.eval("{nobody_here, \(s)} ! hi, timer:sleep(100), lists:member(\(s), nodes()).") == "true")
        #expect(cluster.logs.contains("'nobody_here', a name not registered here"))
        // Swift sends to an Erlang registered name and to an Erlang pid.
        await erl.eval("register(shell, self()).")
        let p = try swift.makeProcess()
        p.send(.tuple([.atom("from_swift"), .pid(p.pid)]), toName: "shell", on: erl.name)
        #expect(
            await erl.eval("receive {from_swift, P} -> P ! {thanks, self()}, ok after 5000 -> timeout end.") == "ok")
        let thanks = try await p.receiveMessage(timeout: .seconds(5))
        guard case .tuple(let e)? = thanks, e.count == 2, case .pid(let shell) = e[1] else {
            Issue.record("no thanks: \(String(describing: thanks))")
            return
        }
        p.send(.atom("by_pid"), to: shell)
        #expect(await erl.eval("receive by_pid -> yes after 5000 -> timeout end.") == "yes")
    }
}

/// A Swift process registered as `echo`: `{From, X}` → `{echo, X}`; calls `{add, A, B}` → A+B
/// and `spawn_worker` → the pid of a new worker, which answers `{From, ping}` with
/// `{pong, Self}` and exits with `R` on `{stop, R}`.
func startEchoServer(on node: DistNode) throws {
    try node.spawn(name: "echo") { p in
        while let message = try await p.receiveMessage() {
            if let call = GenServerCall(message) {
                let e = call.request.tupleElements ?? []
                if e.count == 3, e[0] == .atom("add"), case .integer(let a) = e[1], case .integer(let b) = e[2] {
                    call.reply(.integer(a + b), on: node)
                } else if call.request == .atom("spawn_worker") {
                    call.reply(.pid(try startWorker(on: node).pid), on: node)
                } else {
                    call.reply(.atom("unknown"), on: node)
                }
            } else if case .tuple(let e) = message, e.count == 2, case .pid(let from) = e[0] {
                p.send(.tuple([.atom("echo"), e[1]]), to: from)
            }
        }
    }
}

@discardableResult
func startWorker(on node: DistNode, name: String? = nil) throws -> DistProcess {
    try node.spawn(name: name) { p in
        while let message = try await p.receiveMessage() {
            let e = message.tupleElements ?? []
            if e.count == 2, case .pid(let from) = e[0], e[1] == .atom("ping") {
                p.send(.tuple([.atom("pong"), .pid(p.pid)]), to: from)
            } else if e.count == 2, e[0] == .atom("stop") {
                throw ProcessExit(e[1])
            }
        }
    }
}
