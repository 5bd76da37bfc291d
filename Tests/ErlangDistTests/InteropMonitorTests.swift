import InteropKit
import Testing
@testable import ErlangDist

/// Monitors, links and exit signals across a Swift node and an `erl` node, both directions.
@Suite(
    .enabled(
        if: Interop.available, "Erlang interop tests run only with PG2_INTEROP=1 and erl installed (.ci/erlang-interop)"
    ))
struct InteropMonitorTests {
    @Test func erlangMonitorsSwiftProcesses() async throws {
        let cluster = try await InteropCluster()
        defer { cluster.stop() }
        let swift = try await cluster.swiftNode()
        try startEchoServer(on: swift)
        try startWorker(on: swift, name: "worker")
        let erl = try await cluster.erl()
        let s = "'\(swift.name)'"
        // By name: the DOWN names {worker, Node} and carries the exit reason.
        #expect(
            await erl.eval(
                """
                R1 = erlang:monitor(process, {worker, \(s)}), {worker, \(s)} ! {stop, boom}, \
                receive {'DOWN', R1, process, O1, Why1} -> {O1, Why1} after 5000 -> timeout end.
                """) == "{{worker,\(s)},boom}", "\(cluster.logs.all)")
        // By pid.
        #expect(
            await erl.eval(
                """
                W = gen_server:call({echo, \(s)}, spawn_worker), R2 = erlang:monitor(process, W), \
                W ! {stop, {shutdown, done}}, \
                receive {'DOWN', R2, process, W, Why2} -> Why2 after 5000 -> timeout end.
                """) == "{shutdown,done}")
        // A process that does not exist: noproc at once.
        #expect(
            await erl.eval(
                """
                R3 = erlang:monitor(process, {nobody, \(s)}), \
                receive {'DOWN', R3, process, _, Why3} -> Why3 after 5000 -> timeout end.
                """) == "noproc")
        // exit/2 from Erlang kills a Swift process; a link brings its exit back.
        #expect(
            await erl.eval(
                """
                K = gen_server:call({echo, \(s)}, spawn_worker), R4 = erlang:monitor(process, K), exit(K, kill), \
                receive {'DOWN', R4, process, K, Why4} -> Why4 after 5000 -> timeout end.
                """) == "killed")
        #expect(
            await erl.eval(
                """
                process_flag(trap_exit, true), L = gen_server:call({echo, \(s)}, spawn_worker), link(L), \
                L ! {stop, linked_bye}, \
                receive {'EXIT', L, Why5} -> Why5 after 5000 -> timeout end.
                """) == "linked_bye")
        // The Swift node goes away: noconnection.
        #expect(
            await erl.eval(
                """
                G = gen_server:call({echo, \(s)}, spawn_worker), R6 = erlang:monitor(process, G), ok.
                """) == "ok")
        swift.stop()
        #expect(
            await erl.eval("receive {'DOWN', R6, process, G, Why6} -> Why6 after 10000 -> timeout end.")
                == "noconnection")
    }

    @Test func swiftMonitorsErlangProcesses() async throws {
        let cluster = try await InteropCluster()
        defer { cluster.stop() }
        let swift = try await cluster.swiftNode()
        let erl = try await cluster.erl()
        let inbox = try swift.makeProcess(name: "inbox")
        let s = "'\(swift.name)'"
        #expect(
            await erl.eval(
                """
                Spawn = fun() -> spawn(fun() -> receive {die, R} -> exit(R) end end) end, \
                V = Spawn(), register(victim, V), {inbox, \(s)} ! {victim, V}, ok.
                """) == "ok")
        guard case .tuple(let e)? = try await inbox.receiveMessage(timeout: .seconds(5)), case .pid(let victim) = e[1]
        else {
            Issue.record("no pid from erl: \(cluster.logs.all)")
            return
        }
        let byPid = inbox.monitor(victim)
        let byName = inbox.monitor(name: "victim", on: erl.name)
        // Monitors are asynchronous, in Erlang too: wait until both reached the victim.
        #expect(
            await Interop.eventually { await erl.eval("length(element(2, process_info(V, monitored_by))).") == "2" },
            "\(cluster.logs.all)")
        await erl.eval("V ! {die, kaboom}.")
        let downs = try await receiveDowns(inbox, count: 2)
        #expect(downs[byPid]?.object == .pid(victim) && downs[byPid]?.reason == .atom("kaboom"), "\(downs)")
        #expect(
            downs[byName]?.object == .tuple([.atom("victim"), .atom(erl.name)])
                && downs[byName]?.reason == .atom("kaboom"))
        // A name nobody holds: noproc.
        let missing = inbox.monitor(name: "nobody", on: erl.name)
        #expect(try await receiveDowns(inbox, count: 1)[missing]?.reason == .atom("noproc"))
        // exit/2 from Swift ends an Erlang process with the reason given.
        await erl.eval("V2 = Spawn(), {inbox, \(s)} ! {v2, V2}, M2 = erlang:monitor(process, V2), ok.")
        guard case .tuple(let e2)? = try await inbox.receiveMessage(timeout: .seconds(5)), case .pid(let v2) = e2[1]
        else { return }
        inbox.exit(v2, reason: .atom("from_swift"))
        #expect(
            await erl.eval("receive {'DOWN', M2, process, V2, Why} -> Why after 5000 -> timeout end.") == "from_swift")
        // A link: the Erlang process's end reaches a Swift process that traps exits.
        await erl.eval("V3 = Spawn(), {inbox, \(s)} ! {v3, V3}, ok.")
        guard case .tuple(let e3)? = try await inbox.receiveMessage(timeout: .seconds(5)), case .pid(let v3) = e3[1]
        else { return }
        inbox.trapExits = true
        inbox.link(v3)
        #expect(await Interop.eventually { await erl.eval("element(2, process_info(V3, links)).") != "[]" })
        await erl.eval("V3 ! {die, linked_end}.")
        let exit = try await inbox.receive(timeout: .seconds(5)) { mail -> Term? in
            if case .exit(let from, let reason) = mail, from == v3 { reason } else { nil }
        }
        #expect(exit == .atom("linked_end"))
        // The Erlang node goes away: noconnection.
        await erl.eval("V4 = Spawn(), {inbox, \(s)} ! {v4, V4}, ok.")
        guard case .tuple(let e4)? = try await inbox.receiveMessage(timeout: .seconds(5)), case .pid(let v4) = e4[1]
        else { return }
        let lost = inbox.monitor(v4)
        erl.kill()
        #expect(try await receiveDowns(inbox, count: 1, timeout: .seconds(10))[lost]?.reason == .atom("noconnection"))
    }
}

/// The next `count` DOWNs in `process`'s mailbox, by reference.
func receiveDowns(_ process: DistProcess, count: Int, timeout: Duration = .seconds(5)) async throws
    -> [ErlangReference: (object: Term, reason: Term)]
{
    var downs: [ErlangReference: (object: Term, reason: Term)] = [:]
    for _ in 0..<count {
        let down = try await process.receive(timeout: timeout) { mail -> (ErlangReference, Term, Term)? in
            if case .down(let ref, let object, let reason) = mail { (ref, object, reason) } else { nil }
        }
        guard let down else { break }
        downs[down.0] = (down.1, down.2)
    }
    return downs
}
