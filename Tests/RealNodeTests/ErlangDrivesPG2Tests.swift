import ErlangDist
import Foundation
import InteropKit
import ProcessGroups
import RealNodes
import Testing

/// An `erl` shell and a Swift node in one cluster: Erlang sends pg2's own requests to the Swift
/// pg2 server, monitors and exits Swift processes; a Swift pg2 write treats an Erlang node that
/// runs no pg2 as a bad node and completes (its lock taken with Erlang's own `global`).
/// Needs `erl` (run by `.ci/erlang-interop` with `PG2_INTEROP=1`).
@Suite("Erlang drives a Swift node's pg2", .serialized, .enabled(if: Interop.available))
struct ErlangDrivesPG2Tests {
    /// A Swift node running pg2 and an `erl` node connected to it.
    struct Pair {
        let cluster = RealCluster()
        let swift: RealNode
        let erl: TestErl

        init() async throws {
            swift = try await cluster.start("swift")
            try ProcessGroups.start(on: swift.node)
            erl = try await TestErl(prefix: "shell", cookie: cluster.cookie, epmdPort: cluster.epmdPort)
            let pong = await erl.eval("net_adm:ping('\(swift.name)').")
            guard pong == "pong" else { throw InteropError("ping: \(pong); \(cluster.log.all.suffix(10))") }
        }

        func stop() {
            erl.kill()
            cluster.stopAll()
        }

        /// An Erlang expression for the Swift process `pid`: `binary_to_term(<<…>>)`, the pid's
        /// external term. O(1).
        static func erlangTerm(_ pid: Pid) throws -> String {
            let term = Term.pid(
                ErlangPid(node: pid.node.rawValue, id: pid.erlangID, serial: pid.erlangSerial, creation: pid.creation))
            let bytes = try ExternalTermFormat.encode(try TermEncoder().encode(term))
            return "binary_to_term(<<\(bytes.map(String.init).joined(separator: ","))>>)"
        }

        /// `gen_server:call({pg2, Swift}, Request)` from the Erlang shell.
        func pg2(_ request: String) async -> String {
            await erl.eval("gen_server:call({pg2, '\(swift.name)'}, \(request)).")
        }
    }

    @Test("pg2's four requests from Erlang answer ok; the Swift table holds, monitors and drops the Erlang pid")
    func fourRequests() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let pg2 = ProcessGroups(node: pair.swift.node)
        #expect(await pair.pg2("{create, g}") == "ok")
        #expect(pg2.whichGroups() == ["g"])
        await pair.erl.eval("P = spawn(fun() -> receive stop -> ok end end).")
        #expect(await pair.pg2("{join, g, P}") == "ok")
        // An atom and a binary with the same text name the same group on a Swift node.
        #expect(await pair.pg2("{join, <<\"g\">>, P}") == "ok")
        let members = try pg2.members(of: "g")
        #expect(members.count == 2 && Set(members).count == 1)
        let erlangPid = try #require(members.first)
        #expect(erlangPid.node.rawValue == pair.erl.name)
        #expect(pair.swift.node.monitoredPids.contains(erlangPid))
        #expect(await pair.pg2("{leave, g, P}") == "ok")
        #expect(try pg2.members(of: "g") == [erlangPid])
        await pair.erl.eval("P ! stop.")
        let dropped = await Interop.eventually { (try? pg2.members(of: "g")) == [] }
        #expect(dropped, "\(pair.cluster.log.all.suffix(10))")
        #expect(!pair.swift.node.monitoredPids.contains(erlangPid))
        #expect(await pair.pg2("{delete, g}") == "ok")
        #expect(pg2.whichGroups() == [])
        try await pg2.checkInvariants()
    }

    @Test("a request the server does not take gets an error answer, and the node keeps serving")
    func badRequests() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let refused = await pair.pg2("{frobnicate, g}")
        #expect(refused.hasPrefix("{'$swift_error',"), "\(refused)")
        #expect(await pair.pg2("{join, g, not_a_pid}").hasPrefix("{'$swift_error',"))
        #expect(await pair.pg2("{create, g}") == "ok")
        #expect(try ProcessGroups(node: pair.swift.node).members(of: "g") == [])
    }

    @Test("Erlang monitors and exits Swift processes")
    func monitorsAndExits() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let node = pair.swift.node
        let watched = node.spawnProcess(), doomed = node.spawnProcess()
        await pair.erl.eval("W = \(try Pair.erlangTerm(watched.id)), D = \(try Pair.erlangTerm(doomed.id)).")
        #expect(await pair.erl.eval("is_reference(R = erlang:monitor(process, W)).") == "true")
        // A monitor is a signal, as in Erlang: a process that dies before it arrives gives
        // `noproc`. A call on the same connection, answered, means it has arrived.
        #expect(await pair.pg2("{create, sync}") == "ok")
        node.exit(watched.id, reason: .killed)
        let down = await pair.erl.eval("receive {'DOWN', R, process, W, Why} -> Why after 5000 -> timeout end.")
        #expect(down == "killed")
        #expect(await pair.erl.eval("exit(D, kill).") == "true")
        let ended = await Interop.eventually { !node.isAlive(doomed.id) }
        #expect(ended)
        let gone = await pair.erl.eval(
            "erlang:monitor(process, D), receive {'DOWN', _, process, D, Why2} -> Why2 after 5000 -> timeout end.")
        #expect(gone == "noproc")
        withExtendedLifetime((watched, doomed)) {}
    }

    @Test("a Swift pg2 write completes in a cluster that holds an Erlang node running no pg2")
    func erlangNodeIsABadNode() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let pg2 = ProcessGroups(node: pair.swift.node)
        let worker = pair.swift.node.spawnProcess()
        let start = ContinuousClock.now
        try await pg2.create("h")
        try await pg2.join("h", worker.id)
        try await pg2.leave("h", worker.id)
        try await pg2.delete("h")
        #expect(ContinuousClock.now - start < .seconds(5))
        // The group's lock was taken and released with Erlang's own global: none is left there.
        #expect(await pair.erl.eval("ets:tab2list(global_locks).") == "[]")
        withExtendedLifetime(worker) {}
    }
}
