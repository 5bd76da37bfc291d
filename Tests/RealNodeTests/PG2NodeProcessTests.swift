import Foundation
import InteropKit
import Testing

/// pg2 across OS processes: `pg2-node`s on loopback, each a separate process with its own
/// sockets, driven one command a line. A crash here is a real `kill -9`. Needs `epmd` and `erl`
/// (`.ci/erlang-interop`); every test starts its own epmd and its own nodes with their own
/// cookie, and ends only those, by their pids.
@Suite("pg2-node processes", .serialized, .enabled(if: Interop.available))
struct PG2NodeProcessTests {
    /// An epmd and `pg2-node`s started for one test.
    final class Nodes: @unchecked Sendable {
        let epmd: TestEPMD
        let cookie = Interop.randomCookie()
        var started: [PG2NodeProcess] = []

        init() async throws { epmd = try await TestEPMD() }

        func start(_ prefix: String, connect: [PG2NodeProcess] = [], name: String? = nil) async throws -> PG2NodeProcess
        {
            let node = try await PG2NodeProcess(
                name: name ?? Interop.uniqueName(prefix), cookie: cookie,
                epmdPort: epmd.port, connect: connect.map(\.name))
            started.append(node)
            return node
        }

        /// Waits until every node in `nodes` is connected to all the others.
        func meshed(_ nodes: [PG2NodeProcess]) async -> Bool {
            await Interop.eventually(.seconds(20)) {
                for node in nodes {
                    let peers = Set(await node.list("nodes"))
                    if peers != Set(nodes.filter { $0 !== node }.map(\.name)) { return false }
                }
                return true
            }
        }

        func stop() {
            for node in started { node.crash() }
            epmd.kill()
        }
    }

    @Test("a create and joins on one node are visible on all three")
    func visibleOnAll() async throws {
        let nodes = try await Nodes()
        defer { nodes.stop() }
        let a = try await nodes.start("a")
        let b = try await nodes.start("b", connect: [a]), c = try await nodes.start("c", connect: [a])
        #expect(await nodes.meshed([a, b, c]))
        #expect(await a.run("create g") == "ok")
        let worker = await b.run("spawn")
        #expect(worker.hasPrefix("<\(b.name)."))
        #expect(await c.run("join g \(worker)") == "ok")
        for node in [a, b, c] {
            #expect(await node.run("which") == "g")
            #expect(await node.run("members g") == worker)
        }
        #expect(await b.run("local g") == worker)
        #expect(await a.run("local g") == "")
        #expect(await a.run("closest g") == worker)
    }

    @Test("kill -9 of a node removes its members everywhere; the others keep serving; a restarted node is refilled")
    func crashAndRestart() async throws {
        let nodes = try await Nodes()
        defer { nodes.stop() }
        let a = try await nodes.start("a")
        let b = try await nodes.start("b", connect: [a]), c = try await nodes.start("c", connect: [a])
        #expect(await nodes.meshed([a, b, c]))
        #expect(await a.run("create g") == "ok")
        let onA = await a.run("spawn"), onB = await b.run("spawn")
        #expect(await a.run("join g \(onA)") == "ok")
        #expect(await c.run("join g \(onB)") == "ok")
        #expect(Set(await c.list("members g")) == [onA, onB])

        b.crash()
        for node in [a, c] {
            let dropped = await Interop.eventually(.seconds(20)) { await node.list("members g") == [onA] }
            let left = await node.run("members g")
            #expect(dropped, "\(node.name): \(left)")
        }
        #expect(await c.run("create h") == "ok")
        #expect(await a.run("which") == "g h")

        // The same name again: a new incarnation, empty, refilled by the exchange on nodeup.
        let b2 = try await nodes.start("b", connect: [a], name: b.name)
        #expect(await nodes.meshed([a, b2, c]))
        let refilled = await Interop.eventually(.seconds(20)) {
            let groups = await b2.run("which"), members = await b2.list("members g")
            return groups == "g h" && members == [onA]
        }
        let (groups, members) = (await b2.run("which"), await b2.run("members g"))
        #expect(refilled, "\(groups) / \(members)")
    }

    @Test("disconnect, delete on one side, connect: the exchange brings the group back (anomaly A1)")
    func anomalyA1() async throws {
        let nodes = try await Nodes()
        defer { nodes.stop() }
        let a = try await nodes.start("a")
        let b = try await nodes.start("b", connect: [a])
        #expect(await nodes.meshed([a, b]))
        #expect(await a.run("create g") == "ok")
        #expect(await b.run("which") == "g")
        #expect(await a.run("disconnect \(b.name)") == "ok")
        let apart = await Interop.eventually {
            let (fromA, fromB) = (await a.run("nodes"), await b.run("nodes"))
            return fromA == "" && fromB == ""
        }
        #expect(apart)
        #expect(await a.run("delete g") == "ok")
        #expect(await a.run("which") == "")
        #expect(await b.run("which") == "g")
        #expect(await a.run("connect \(b.name)") == "ok")
        let back = await Interop.eventually { await a.run("which") == "g" }
        #expect(back, "A1: the group deleted on a during the partition should come back from b's exchange")
    }

    @Test("bad input gets an error line and the node keeps serving")
    func badInput() async throws {
        let nodes = try await Nodes()
        defer { nodes.stop() }
        let a = try await nodes.start("a")
        #expect(await a.run("frobnicate").hasPrefix("error:"))
        #expect(await a.run("join g not-a-pid").hasPrefix("error:"))
        #expect(await a.run("join nosuch \(await a.run("spawn"))").hasPrefix("error:"))
        #expect(await a.run("members nosuch").hasPrefix("error:"))
        #expect(await a.run("connect nobody@127.0.0.1").hasPrefix("error:"))
        #expect(await a.run("create g") == "ok")
        #expect(await a.run("which") == "g")
    }

    @Test("an Erlang shell drives a pg2-node's pg2 with pg2's own requests")
    func erlangDrives() async throws {
        let nodes = try await Nodes()
        defer { nodes.stop() }
        let a = try await nodes.start("a")
        let b = try await nodes.start("b", connect: [a])
        #expect(await nodes.meshed([a, b]))
        let erl = try await TestErl(prefix: "shell", cookie: nodes.cookie, epmdPort: nodes.epmd.port)
        defer { erl.kill() }
        #expect(await erl.eval("gen_server:call({pg2, '\(a.name)'}, {create, g}).") == "ok")
        await erl.eval("P = spawn(fun() -> receive stop -> ok end end).")
        #expect(await erl.eval("gen_server:call({pg2, '\(a.name)'}, {join, g, P}).") == "ok")
        let members = await a.list("members g")
        #expect(members.count == 1 && members[0].hasPrefix("<\(erl.name)."))
        await erl.eval("P ! stop.")
        let dropped = await Interop.eventually { await a.run("members g") == "" }
        #expect(dropped)
        // b was not asked: pg2's server call changes only the node it is sent to.
        #expect(await b.run("which") == "")
    }
}
