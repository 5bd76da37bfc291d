import ErlangDist
import InteropKit
import Testing

/// Rule D7 of Chapters/PGRules.md against a running OTP 25 `pg`, with the peer played by hand: a
/// raw Swift node registers a process as `pg` and sends Erlang's scope exactly the protocol
/// messages a test chooses, in the order it chooses.
///
/// - D7, received: a leave naming a group its sender never announced crashes the scope.
/// - D7, sent: a scope records a peer on that peer's sync, but announces its own groups only when
///   the peer's discover arrives. Between the two a local leave is relayed to the peer, naming a
///   group the peer has never heard of. Between two Erlang scopes the sync comes first when one of
///   them answers the other's discover before it has handled its own nodeup, so `pg` can send
///   what D7 says crashes its receiver.
@Suite("Erlang's pg, driven by hand (rule D7)", .serialized, .enabled(if: Interop.available))
struct ErlangPGWindowTests {
    /// An `erl` node running OTP's `pg`, and a raw Swift node whose `pg` process is the test's hands.
    struct HandPlayedPeer {
        let cluster = RealCluster()
        let peer: DistNode
        let hands: DistProcess
        let erl: TestErl

        init() async throws {
            var options = DistNodeOptions()
            options.epmdPort = cluster.epmdPort
            options.meshInterval = nil
            options.log = cluster.log.sink
            peer = try await DistNode.start(name: Interop.uniqueName("hands"), cookie: cluster.cookie, options: options)
            hands = try peer.makeProcess(name: "pg")
            erl = try await TestErl(
                prefix: "erlpgd7", cookie: cluster.cookie, epmdPort: cluster.epmdPort,
                extra: ["-kernel", "start_pg", "true"])
        }

        func stop() {
            erl.kill()
            peer.stop()
        }

        /// Connects, and returns Erlang's scope pid from the discover its nodeup sends our `pg`.
        func connectAndTakeDiscover() async throws -> ErlangPid {
            let pong = await erl.eval("net_adm:ping('\(peer.name)').")
            guard pong == "pong" else { throw InteropError("ping: \(pong)") }
            let message = try await hands.receiveMessage(timeout: .seconds(10))
            guard let e = message?.tupleElements, e.count == 2, e[0] == .atom("discover"), let scope = e[1].pidValue
            else { throw InteropError("expected {discover, Scope}, got \(String(describing: message))") }
            return scope
        }

        /// Sends our sync (no groups) to Erlang's scope and waits until it has recorded us, which it
        /// shows by monitoring our `pg` process.
        func sync(to scope: ErlangPid) async throws {
            let sync = Term.tuple([.atom("sync"), .pid(hands.pid), .nil])
            hands.send(.tuple([.atom("$gen_cast"), sync]), to: scope)
            let recorded = await Interop.eventually {
                await erl.eval(
                    "{monitors, Ms} = process_info(whereis(pg), monitors), "
                        + "lists:any(fun({process, M}) -> node(M) =:= '\(peer.name)'; (_) -> false end, Ms).")
                    == "true"
            }
            guard recorded else { throw InteropError("Erlang's scope never recorded our sync") }
        }
    }

    @Test("pg relays a leave to a peer whose sync it has taken and to which it has announced nothing (D7, sent)")
    func aLeaveNamesAGroupThePeerNeverHeardOf() async throws {
        let pair = try await HandPlayedPeer()
        defer { pair.stop() }
        // g has its member before the peer is known.
        #expect(await pair.erl.eval("P = spawn(fun() -> receive stop -> ok end end), ok = pg:join(g, P).") == "ok")
        let scope = try await pair.connectAndTakeDiscover()
        try await pair.sync(to: scope)
        #expect(await pair.erl.eval("pg:leave(g, P).") == "ok")
        // The next message from Erlang's scope is the leave, naming g: no sync and no join came first.
        let leave = try #require(try await pair.hands.receiveMessage(timeout: .seconds(10)))
        let e = try #require(leave.tupleElements, "\(leave)")
        #expect(e.count == 4 && e[0] == .atom("leave") && e[1] == .pid(scope), "\(leave)")
        #expect(e.count == 4 && e[2].pidValue?.node == pair.erl.name, "\(leave)")
        #expect(e.count == 4 && e[3] == .properList([.atom("g")]), "\(leave)")
        // Only our discover makes it announce its groups: g, now empty, is not among them.
        pair.hands.send(.tuple([.atom("discover"), .pid(pair.hands.pid)]), to: scope)
        let sync = try #require(try await pair.hands.receiveMessage(timeout: .seconds(10)))
        #expect(sync == .tuple([.atom("$gen_cast"), .tuple([.atom("sync"), .pid(scope), .nil])]), "\(sync)")
    }

    @Test("pg's scope crashes on a leave naming a group its sender never announced (D7, received)")
    func aLeaveForAnUnannouncedGroupCrashesTheScope() async throws {
        let pair = try await HandPlayedPeer()
        defer { pair.stop() }
        let before = await pair.erl.eval("whereis(pg).")
        let scope = try await pair.connectAndTakeDiscover()
        try await pair.sync(to: scope)
        let stranger = try pair.peer.makeProcess()
        pair.hands.send(
            .tuple([.atom("leave"), .pid(pair.hands.pid), .pid(stranger.pid), .properList([.atom("h")])]), to: scope)
        // The kernel supervisor restarts the scope: a new pid under the name.
        let restarted = await Interop.eventually {
            let now = await pair.erl.eval("whereis(pg).")
            return now != before && now.hasPrefix("<")
        }
        #expect(restarted, "the scope is still \(before)")
        let report = await Interop.eventually { pair.erl.output.contains { $0.contains("{badkey,h}") } }
        #expect(report, "no {badkey,h} in erl's output: \(pair.erl.output.suffix(20))")
    }
}
