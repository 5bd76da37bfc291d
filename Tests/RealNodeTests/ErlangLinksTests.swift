import ErlangDist
import Foundation
import InteropKit
import ProcessGroups
import RealNodes
import Synchronization
import Testing

/// An `erl` process links to Swift processes, as it would to Erlang ones: it hears of their end
/// as `{'EXIT', Pid, Reason}`, its own end (but a `normal` one) ends them, an unlink holds, a link
/// to a dead one gets `noproc`, and a lost connection ends them with `noconnection`.
/// Needs `erl` (run by `.ci/erlang-interop` with `PG2_INTEROP=1`).
@Suite("Erlang links to Swift processes", .serialized, .enabled(if: Interop.available))
struct ErlangLinksTests {
    typealias Pair = ErlangDrivesPG2Tests.Pair

    /// Everything the Erlang side sent before this returns has reached the Swift node: a call,
    /// answered, on the same connection.
    static func sync(_ pair: Pair) async {
        #expect(await pair.pg2("{create, sync}") == "ok")
    }

    /// The reason `pid` ends with, once it has: a monitor's DOWN, kept.
    final class EndWatch: Sendable {
        let reason = Mutex<ExitReason?>(nil)
        init(_ pid: Pid, on node: Node) {
            node.monitor(pid) { [self] down in reason.withLock { $0 = down.reason } }
        }
        var ended: ExitReason? { reason.withLock { $0 } }
    }

    @Test("a trapping Erlang process hears of a linked Swift process's end, normal or not")
    func swiftEndReachesErlang() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let node = pair.swift.node
        let killed = node.spawnProcess(), finished = node.spawnProcess()
        await pair.erl.eval("K = \(try Pair.erlangTerm(killed.id)), F = \(try Pair.erlangTerm(finished.id)).")
        #expect(await pair.erl.eval("process_flag(trap_exit, true), link(K), link(F).") == "true")
        await Self.sync(pair)
        node.exit(killed.id, reason: .other("shutdown_test"))
        let exit = await pair.erl.eval("receive {'EXIT', K, Why} -> Why after 5000 -> timeout end.")
        #expect(exit == "shutdown_test", "\(pair.cluster.log.all.suffix(10))")
        node.exit(finished.id, reason: .normal)
        let normal = await pair.erl.eval("receive {'EXIT', F, Why2} -> Why2 after 5000 -> timeout end.")
        #expect(normal == "normal")
        withExtendedLifetime((killed, finished)) {}
    }

    @Test("an Erlang process that ends linked ends the Swift process, unless it ends normally")
    func erlangEndReachesSwift() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let node = pair.swift.node
        let doomed = node.spawnProcess(), spared = node.spawnProcess(), second = node.spawnProcess()
        let watch = EndWatch(doomed.id, on: node), secondWatch = EndWatch(second.id, on: node)
        await pair.erl.eval("D = \(try Pair.erlangTerm(doomed.id)), S = \(try Pair.erlangTerm(spared.id)).")
        // Each linker ends once its link is made; the shell waits for its DOWN.
        let linker =
            "fun(P, Why) -> {_, M} = spawn_monitor(fun() -> link(P), exit(Why) end), "
            + "receive {'DOWN', M, process, _, R} -> R after 5000 -> timeout end end"
        #expect(await pair.erl.eval("L = \(linker), L(S, normal).") == "normal")
        #expect(await pair.erl.eval("L(D, boom).") == "boom")
        let ended = await Interop.eventually { !node.isAlive(doomed.id) && watch.ended != nil }
        #expect(ended, "\(pair.cluster.log.all.suffix(10))")
        #expect(watch.ended == .other("boom"))
        // A linked process that ends with `exit(kill)` passes `kill` on as an ordinary reason.
        await pair.erl.eval("K2 = \(try Pair.erlangTerm(second.id)).")
        #expect(await pair.erl.eval("L(K2, kill).") == "kill")
        let ended2 = await Interop.eventually { secondWatch.ended != nil }
        #expect(ended2 && secondWatch.ended == .other("kill"), "\(String(describing: secondWatch.ended))")
        await Self.sync(pair)
        #expect(node.isAlive(spared.id))
        withExtendedLifetime((doomed, spared, second)) {}
    }

    @Test("a link to a Swift process that is not alive gets noproc at once")
    func linkToTheDead() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let node = pair.swift.node
        let dead = node.spawnProcess()
        node.exit(dead.id, reason: .killed)
        #expect(!node.isAlive(dead.id))
        await pair.erl.eval("X = \(try Pair.erlangTerm(dead.id)).")
        let exit = await pair.erl.eval(
            "process_flag(trap_exit, true), link(X), receive {'EXIT', X, Why} -> Why after 5000 -> timeout end.")
        #expect(exit == "noproc")
    }

    @Test("after an unlink the Swift process's end sends no EXIT, and the Erlang end spares it")
    func unlinkHolds() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let node = pair.swift.node
        let first = node.spawnProcess(), second = node.spawnProcess()
        await pair.erl.eval("U = \(try Pair.erlangTerm(first.id)), V = \(try Pair.erlangTerm(second.id)).")
        #expect(await pair.erl.eval("process_flag(trap_exit, true), link(U), unlink(U).") == "true")
        await Self.sync(pair)
        node.exit(first.id, reason: .other("late"))
        #expect(!node.isAlive(first.id))
        let none = await pair.erl.eval("receive {'EXIT', U, Why} -> Why after 1000 -> none end.")
        #expect(none == "none")
        // An Erlang process that links, unlinks and dies leaves the Swift process alive.
        let linker =
            "{_, M} = spawn_monitor(fun() -> link(V), unlink(V), exit(boom) end), "
            + "receive {'DOWN', M, process, _, R} -> R after 5000 -> timeout end."
        #expect(await pair.erl.eval(linker) == "boom")
        await Self.sync(pair)
        #expect(node.isAlive(second.id))
        withExtendedLifetime((first, second)) {}
    }

    @Test("a lost connection ends the Swift processes linked to that node's processes with noconnection")
    func connectionLost() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let node = pair.swift.node
        let linked = node.spawnProcess(), bystander = node.spawnProcess()
        let watch = EndWatch(linked.id, on: node)
        await pair.erl.eval("N = \(try Pair.erlangTerm(linked.id)), Self = self().")
        let holder =
            "spawn(fun() -> link(N), Self ! linked, receive never -> ok end end), "
            + "receive linked -> ok after 5000 -> timeout end."
        #expect(await pair.erl.eval(holder) == "ok")
        await Self.sync(pair)
        #expect(await pair.erl.eval("erlang:disconnect_node('\(pair.swift.name)').") == "true")
        let ended = await Interop.eventually { !node.isAlive(linked.id) && watch.ended != nil }
        #expect(ended, "\(pair.cluster.log.all.suffix(10))")
        #expect(watch.ended == .noconnection)
        #expect(node.isAlive(bystander.id))
        withExtendedLifetime((linked, bystander)) {}
    }
}
